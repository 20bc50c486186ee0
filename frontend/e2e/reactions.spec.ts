import { ACCOUNTS } from './harness/accounts';
import type { Page } from '@playwright/test';
import { expect, screenshot, signIn, signOut, test } from './harness/fixtures';

async function writePost(page: Page, title: string) {
  await page.goto('/boards/free/new');
  await page.getByLabel('제목').fill(title);
  await page.getByLabel('본문').fill('이번 주 금요일 점심은 같이 먹어요.');
  await page.getByRole('button', { name: '등록' }).click();
  await expect(page.getByTestId('post-title')).toHaveText(title);
  return page.url();
}

async function noSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

const SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 375, height: 740 } } as const;
const WORDS = {
  ko: { like: '좋아요', views: (n: number) => `조회 ${n}` },
  en: { like: 'Like', views: (n: number) => `${n} views` },
} as const;

for (const [size, viewport] of Object.entries(SIZES)) {
  for (const lang of ['ko', 'en'] as const) {
    test(`reactions and the view count on the post page (${size}, ${lang})`, async ({ page }) => {
      const title = `점심 번개 ${size} ${lang}`;
      await signIn(page, ACCOUNTS.employee, '/boards/free');
      const url = await writePost(page, title);
      const reactions = page.getByTestId('post-reactions');
      await expect(page.getByTestId('view-count')).toHaveText('조회 1');  // the author has opened it
      await page.reload();
      await expect(page.getByTestId('view-count')).toHaveText('조회 1');  // once per employee
      await signOut(page);

      await page.setViewportSize(viewport);  // the author wrote at a desk; the reader is on a phone or at a desk
      await signIn(page, ACCOUNTS.other);
      await page.evaluate((value) => localStorage.setItem('portal.lang', value), lang);
      await page.goto(url);
      await expect(page.getByTestId('view-count')).toHaveText(WORDS[lang].views(2));
      const like = reactions.locator('[data-kind="like"]');
      await expect(like).toHaveAttribute('aria-pressed', 'false');
      await like.click();
      await expect(like).toHaveAttribute('aria-pressed', 'true');
      await expect(like).toHaveAccessibleName(new RegExp(`${WORDS[lang].like}.*1`));
      await reactions.locator('[data-kind="celebrate"]').click();
      await expect(reactions.locator('[data-kind="celebrate"]')).toHaveAttribute('aria-pressed', 'true');
      await noSidewaysScroll(page);
      if (lang === 'ko') expect(await reactions.innerText()).not.toMatch(/[A-Za-z]/);
      await screenshot(page, `40-post-reactions-${size}-${lang}`);

      await like.click();  // and off again
      await expect(like).toHaveAttribute('aria-pressed', 'false');
      await page.reload();
      await expect(reactions.locator('[data-kind="celebrate"]')).toHaveAttribute('aria-pressed', 'true');
      await expect(like).toHaveAttribute('aria-pressed', 'false');
      await expect(page.getByTestId('view-count')).toHaveText(WORDS[lang].views(2));

      await page.goto('/boards/free');
      const row = page.locator('.post-row').filter({ hasText: title });
      await expect(row.getByLabel(WORDS[lang].views(2))).toBeVisible();
      await noSidewaysScroll(page);
      await screenshot(page, `41-post-list-views-${size}-${lang}`);
    });
  }
}
