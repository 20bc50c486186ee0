import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { ACCOUNTS } from './harness/accounts';
import { expect, screenshot, signIn, signOut, test } from './harness/fixtures';

/** A datetime-local value (Seoul wall time; the browser runs in Asia/Seoul) `days` from now. */
function seoulInput(days: number): string {
  const at = new Date(Date.now() + days * 86_400_000 + 9 * 3_600_000);
  return at.toISOString().slice(0, 16);
}

test('an admin writes, schedules, edits, retires a notice and downloads who confirmed', async ({ page }) => {
  const now = '[필독] 개인정보 보호 서약';
  const later = '[예정] 연말 휴무 안내';
  await signIn(page, ACCOUNTS.admin, '/admin/notices');

  // A required-read notice, published at once.
  await page.getByRole('button', { name: '새 공지' }).click();
  const form = page.getByTestId('notice-form');
  await form.getByLabel('게시판', { exact: true }).selectOption({ label: '공지사항' });
  await form.getByLabel('제목', { exact: true }).fill(now);
  await form.getByLabel('본문', { exact: true }).fill('모든 임직원은 **서약서**를 확인해 주세요.');
  await form.getByLabel('확인 필요').check();
  await screenshot(page, '30-admin-notice-compose');
  await form.getByRole('button', { name: '공지 게시' }).click();
  await expect(form).toHaveCount(0);
  const live = page.getByTestId('admin-notice').filter({ hasText: now });
  await expect(live).toHaveAttribute('data-state', 'active');
  await expect(live.getByTestId('notice-state')).toHaveText('게시 중');

  // One that starts tomorrow: listed for the admin as scheduled, with its window.
  await page.getByRole('button', { name: '새 공지' }).click();
  await form.getByLabel('게시판', { exact: true }).selectOption({ label: '공지사항' });
  await form.getByLabel('제목', { exact: true }).fill(later);
  await form.getByLabel('본문', { exact: true }).fill('12월 31일은 휴무입니다.');
  await form.getByLabel('게시 시작').fill(seoulInput(1));
  await form.getByLabel('게시 종료').fill(seoulInput(-1));
  await form.getByRole('button', { name: '공지 게시' }).click();
  await expect(form.locator('.field__error')).toBeVisible();  // ends before it starts: refused, field named
  await form.getByLabel('게시 종료').fill(seoulInput(3));
  await form.getByRole('button', { name: '공지 게시' }).click();
  const scheduled = page.getByTestId('admin-notice').filter({ hasText: later });
  await expect(scheduled).toHaveAttribute('data-state', 'scheduled');
  await expect(scheduled.getByTestId('notice-window')).not.toContainText('종료 없음');
  await screenshot(page, '31-admin-notice-list');
  await signOut(page);

  // The employee sees the live notice only, and confirms it on its page.
  await signIn(page, ACCOUNTS.employee);
  await expect(page.getByTestId('notice').filter({ hasText: now })).toBeVisible();
  await expect(page.getByTestId('notice').filter({ hasText: later })).toHaveCount(0);
  await page.getByTestId('notice').filter({ hasText: now }).getByRole('link', { name: '읽고 확인하기' }).click();
  await page.getByTestId('notice-confirm').getByRole('button', { name: '확인했습니다' }).click();
  await expect(page.getByTestId('notice-confirm')).toHaveAttribute('data-acked', 'true');
  await signOut(page);

  // The admin downloads the confirmations: UTF-8 with a BOM, Korean names intact.
  await signIn(page, ACCOUNTS.admin, '/admin/notices');
  const downloading = page.waitForEvent('download');
  await live.getByRole('button', { name: 'CSV 내려받기' }).click();
  const download = await downloading;
  const bytes = readFileSync(await download.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.toString('utf-8').slice(1);
  expect(text.split('\r\n')[0]).toBe('이름,이메일,확인 여부,확인 시각 (UTC)');
  expect(text).toContain(`${ACCOUNTS.employee.name},${ACCOUNTS.employee.email},확인,`);
  expect(text).toContain(`${ACCOUNTS.other.name},${ACCOUNTS.other.email},미확인,`);

  // Edit the title, then retire it: it stays in the admin list as ended, gone from the home page.
  await live.getByRole('button', { name: '수정' }).click();
  const editForm = live.getByTestId('notice-form');
  await expect(editForm.getByLabel('본문', { exact: true })).toHaveValue('모든 임직원은 **서약서**를 확인해 주세요.');
  await editForm.getByLabel('제목', { exact: true }).fill(`${now} (개정)`);
  await editForm.getByRole('button', { name: '저장' }).click();
  const revised = page.getByTestId('admin-notice').filter({ hasText: `${now} (개정)` });
  await expect(revised).toBeVisible();
  page.once('dialog', (dialog) => void dialog.accept());
  await revised.getByRole('button', { name: '게시 종료' }).click();
  await expect(revised).toHaveAttribute('data-state', 'ended');
  await expect(revised.getByTestId('notice-state')).toHaveText('종료');
  await screenshot(page, '32-admin-notice-retired');
  await page.goto('/');
  await expect(page.getByRole('link', { name: '사내 포털' })).toBeVisible();
  await expect(page.getByTestId('notice').filter({ hasText: now })).toHaveCount(0);
});

/** The sign-in helper speaks Korean; switch afterwards (the choice is kept in localStorage). */
async function inEnglish(page: Page) {
  await page.evaluate(() => localStorage.setItem('portal.lang', 'en'));
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
}

for (const lang of ['ko', 'en'] as const) {
  test.describe(`admin notices on a phone (375 px, ${lang})`, () => {
    test.use({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });

    test('the notices screen and its form fit without sideways scroll', async ({ page }) => {
      await signIn(page, ACCOUNTS.admin, '/admin/notices');
      if (lang === 'en') await inEnglish(page);
      const write = lang === 'ko' ? '새 공지' : 'New notice';
      await page.getByRole('button', { name: write }).click();
      await expect(page.getByTestId('notice-form')).toBeVisible();
      await expect(page.getByRole('heading', { name: lang === 'ko' ? '공지 목록' : 'All notices' })).toBeVisible();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await screenshot(page, `33-admin-notices-phone-${lang}`);
    });
  });
}

test('the admin notices screen in English at desktop width', async ({ page }) => {
  await signIn(page, ACCOUNTS.admin, '/admin/notices');
  await inEnglish(page);
  await expect(page.getByRole('heading', { name: 'Write a notice' })).toBeVisible();
  await expect(page.getByTestId('admin-notice').first().getByTestId('notice-window')).toContainText('Shown');
  await screenshot(page, '34-admin-notices-en');
});
