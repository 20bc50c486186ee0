import type { APIRequestContext } from '@playwright/test';
import { ACCOUNTS, type Account } from './harness/accounts';
import { expect, screenshot, signIn, test } from './harness/fixtures';

async function apiLogin(request: APIRequestContext, account: Account) {
  const response = await request.post('/api/auth/login', { data: { email: account.email, password: account.password } });
  expect(response.ok()).toBeTruthy();
  return { Authorization: `Bearer ${(await response.json()).access_token}` };
}

test.describe('phone width (375 px)', () => {
  test.use({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });

  test('main screens fit and the menu opens', async ({ page }) => {
    await page.goto('/');
    await screenshot(page, '20-mobile-login');
    await signIn(page, ACCOUNTS.employee);
    // At 375 px the navigation and sign-out sit in a collapsed menu.
    await expect(page.getByRole('button', { name: '로그아웃' })).toBeHidden();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, '21-mobile-home');
    await page.getByRole('button', { name: '메뉴' }).click();
    await expect(page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '채팅' })).toBeVisible();
    await screenshot(page, '22-mobile-menu', false);
    await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '자유게시판' }).click();
    await page.getByRole('link', { name: '글쓰기' }).click();
    await expect(page.getByLabel('제목')).toBeVisible();
    await screenshot(page, '23-mobile-editor');
  });

  for (const lang of ['ko', 'en'] as const) {
    test(`no screen scrolls sideways, admin screens included (${lang})`, async ({ page, request }) => {
      test.setTimeout(120_000);
      await signIn(page, ACCOUNTS.admin);
      await page.evaluate((value) => localStorage.setItem('portal.lang', value), lang);
      // A post with a long unbroken line and a comment, a conversation and a profile, so their screens are on the list too.
      const headers = await apiLogin(request, ACCOUNTS.admin);
      const board = (await (await request.get('/api/boards', { headers })).json()).items.find((b: { slug: string }) => b.slug === 'free');
      const created = await request.post('/api/posts', { headers,
        data: { board_id: board.id, title: `가로 스크롤 점검 ${lang}`, body: `긴 주소: https://example.kr/${'long-path-segment-'.repeat(10)}` } });
      expect(created.status()).toBe(201);
      const postId = (await created.json()).id as number;
      const post = `/posts/${postId}`;
      await request.post(`/api/posts/${postId}/comments`, { headers, data: { body: '댓글도 화면에 들어갑니다.' } });
      const minji = (await (await request.get('/api/admin/users', { headers, params: { q: ACCOUNTS.employee.email } })).json()).items[0].id;
      await page.goto(`/chat/dm/${minji}`);
      await expect(page).toHaveURL(/\/chat\/\d+$/);
      const conversation = new URL(page.url()).pathname;
      for (const path of ['/', '/boards/free', '/boards/free/new', post, `${post}/edit`, '/account', '/chat', conversation, '/chat/999999',
        '/people', `/people/${minji}`, '/search?q=%ED%95%9C%EA%B8%80', '/search?q=%ED%95%9C%EA%B8%80&scope=people',
        '/admin', '/admin/boards', '/admin/notices', '/admin/audit', '/admin/stats', '/no-such-page']) {
        await page.goto(path);
        await page.waitForLoadState('networkidle');
        await expect(page.locator('main')).not.toBeEmpty();
        const overflow = await page.evaluate(() => document.scrollingElement!.scrollWidth - document.scrollingElement!.clientWidth);
        expect(overflow, `${path} scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(0);
        // Nor does anything inside it (a table in a scrolling wrapper counts as sideways scrolling too).
        const scrollers = await page.evaluate(() => [...document.querySelectorAll('main *')]
          .filter((el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX) && el.scrollWidth > el.clientWidth + 1)
          .map((el) => el.className || el.tagName));
        expect(scrollers, `${path} has sideways scrolling parts`).toEqual([]);
      }
      await page.goto('/admin');
      // A name reads on one line, not a syllable a line.
      const name = page.getByTestId('user-row').getByText(ACCOUNTS.employee.name, { exact: true });
      const box = await name.boundingBox();
      expect(box!.height).toBeLessThan(40);
      await screenshot(page, `24-mobile-admin-users-${lang}`);
      // The free board is left as found (other specs expect it empty).
      expect((await request.delete(`/api/posts/${postId}`, { headers })).status()).toBe(204);
    });
  }

  test('the chat screen is reachable from the navigation', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await signIn(page, ACCOUNTS.employee);
    await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '채팅' }).click();
    await expect(page).toHaveURL(/\/chat/);
    await expect(page.getByRole('main').getByRole('heading', { name: '채팅' }).first()).toBeVisible();
  });
});

test('switches to English and back', async ({ page }) => {
  await signIn(page, ACCOUNTS.employee);
  await page.getByLabel('언어').selectOption('en');
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await screenshot(page, '15-home-english');
  await page.getByLabel('Language').selectOption('ko');
  await expect(page.getByRole('button', { name: '로그아웃' })).toBeVisible();
});

test('form fields are labelled and keyboard focus is visible', async ({ page }) => {
  const unlabelled = () => page.evaluate(() =>
    [...document.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>('input:not([type=hidden]), select, textarea')]
      .filter((el) => !(el.labels?.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')))
      .map((el) => el.outerHTML));

  await page.goto('/login');
  await expect(page.getByLabel('이메일')).toBeVisible();
  expect(await unlabelled()).toEqual([]);
  // Language, then the company account (single sign-on is configured in the browser tests), then email.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  const focused = page.locator(':focus');
  await expect(focused).toHaveText('회사 계정으로 로그인');
  const ring = (el: Element) => { const style = getComputedStyle(el); return style.boxShadow !== 'none' || style.outlineStyle !== 'none'; };
  expect(await focused.evaluate(ring)).toBe(true);
  await page.keyboard.press('Tab');
  await expect(focused).toHaveAttribute('type', 'email');
  expect(await focused.evaluate((el) => getComputedStyle(el).boxShadow)).not.toBe('none');

  await signIn(page, ACCOUNTS.admin);
  for (const path of ['/boards/free/new', '/account', '/admin', '/admin/boards', '/admin/stats']) {
    await page.goto(path);
    await page.waitForLoadState('networkidle');
    expect(await unlabelled(), path).toEqual([]);
  }
});
