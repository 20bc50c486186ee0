import { ACCOUNTS } from './harness/accounts';
import type { Page } from '@playwright/test';
import { expect, screenshot, signIn, test } from './harness/fixtures';

/**
 * The Korean UI has no English left in it: on every screen, every word the portal itself shows
 * (text, placeholders, labels read to screen readers, tooltips, the tab title) is Korean. What
 * employees wrote (titles, bodies, names, emails) may be in any language, so the test writes only
 * Korean content and takes out addresses; the few Latin words Korean itself uses are listed.
 */
const KOREAN_USES = new Set(['PDF', 'ZIP', 'CSV', 'PNG', 'JPEG', 'GIF', 'WebP', 'IP', 'MB', 'KB', 'GB', 'px', 'Enter',
  'Shift', 'URL', 'https', 'SSO']);

/** Latin words the page shows that are not addresses and not in KOREAN_USES. */
async function englishOn(page: Page): Promise<string[]> {
  const texts: string[] = await page.evaluate(() => {
    const seen: string[] = [document.title];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      // <code> and translate="no" mark data shown verbatim (a board's address, a client's address), not
      // the portal's words.
      if (!parent || parent.closest('script, style, noscript, code, [translate="no"], [hidden], [aria-hidden="true"]')) continue;
      if (!parent.getClientRects().length) continue; // not rendered
      seen.push(node.textContent ?? '');
    }
    for (const el of document.querySelectorAll('[placeholder], [aria-label], [title], img[alt]')) {
      for (const name of ['placeholder', 'aria-label', 'title', 'alt']) {
        const value = el.getAttribute(name);
        if (value) seen.push(value);
      }
    }
    return seen;
  });
  const words = texts
    .map((text) => text.replace(/[\w.+-]+@[\w.-]+/g, ' ').replace(/https?:\/\/\S+/g, ' '))
    .flatMap((text): string[] => text.match(/[A-Za-z]{2,}/g) ?? [])
    .filter((word) => !KOREAN_USES.has(word));
  return [...new Set<string>(words)];
}

async function settle(page: Page) {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await expect(page.getByRole('link', { name: '사내 포털' })).toBeVisible();
}

for (const viewport of [{ width: 1280, height: 800 }, { width: 375, height: 740 }]) {
  test(`no English in the Korean UI on any screen (${viewport.width} px)`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize(viewport);
    await page.goto('/login');
    expect(await englishOn(page), 'the sign-in screen').toEqual([]);
    await signIn(page, ACCOUNTS.admin);

    // A post of our own, so the post page and its comment form are on screen.
    await page.goto('/boards/free/new');
    await page.getByLabel('제목').fill('한글 화면 점검용 글');
    await page.getByLabel('본문').fill('본문입니다. 확인 부탁드립니다.');
    await page.getByRole('button', { name: '등록' }).click();
    await expect(page).toHaveURL(/\/posts\/\d+$/);
    const post = new URL(page.url()).pathname;

    const screens = ['/', '/boards/free', '/boards/free/new', post, `${post}/edit`, '/account', '/chat',
      '/admin', '/admin/boards', '/admin/notices', '/admin/audit', '/admin/stats', '/no-such-page'];
    const found: Record<string, string[]> = {};
    for (const path of screens) {
      await page.goto(path);
      await settle(page);
      const words = await englishOn(page);
      if (words.length) found[path] = words;
    }
    // Opened panels too: the notifications list and, at phone width, the menu.
    await page.goto('/');
    await settle(page);
    await page.getByRole('button', { name: /알림/ }).first().click();
    const inPanels = await englishOn(page);
    if (inPanels.length) found['/ (notifications open)'] = inPanels;
    await screenshot(page, `60-korean-ui-${viewport.width}`, false);
    if (viewport.width < 600) {
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: '메뉴' }).click();
      const inMenu = await englishOn(page);
      if (inMenu.length) found['/ (menu open)'] = inMenu;
    }
    expect(found, 'English in the Korean UI').toEqual({});
  });
}
