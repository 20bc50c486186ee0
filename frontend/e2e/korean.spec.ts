import { ACCOUNTS } from './harness/accounts';
import type { APIRequestContext, Page } from '@playwright/test';
import { expect, screenshot, signIn, test } from './harness/fixtures';

/**
 * The Korean UI has no English left in it: on every screen, every word the portal itself shows
 * (text, placeholders, labels read to screen readers, tooltips, the tab title) is Korean. What
 * employees wrote (titles, bodies, names, emails) may be in any language, so the test writes only
 * Korean content and leaves out what other tests wrote (read through the API) and addresses; the
 * few Latin words Korean itself uses are listed.
 */
const KOREAN_USES = new Set(['PDF', 'ZIP', 'CSV', 'PNG', 'JPEG', 'GIF', 'WebP', 'IP', 'MB', 'KB', 'GB', 'px', 'Enter',
  'Shift', 'URL', 'https', 'SSO']);

/** What employees wrote that screens show: post titles, board, notice and people names. */
async function written(request: APIRequestContext): Promise<Set<string>> {
  const login = await request.post('/api/auth/login', { data: { email: ACCOUNTS.admin.email, password: ACCOUNTS.admin.password } });
  expect(login.ok()).toBeTruthy();
  const headers = { Authorization: `Bearer ${(await login.json()).access_token}` };
  const texts = new Set<string>();
  const collect = async (url: string, fields: string[]) => {
    const response = await request.get(url, { headers });
    expect(response.ok(), url).toBeTruthy();
    for (const item of (await response.json()).items as Record<string, unknown>[]) {
      for (const field of fields) if (typeof item[field] === 'string') texts.add((item[field] as string).trim());
    }
  };
  await collect('/api/posts?limit=50', ['title']);
  await collect('/api/boards', ['name', 'description']);
  await collect('/api/notices', ['title']);
  await collect('/api/people?limit=50', ['name', 'department', 'title']);
  await collect('/api/chat/conversations', ['name']);
  return texts;
}

/** Latin words the page shows that are not addresses, not what employees wrote and not in KOREAN_USES. */
async function englishOn(page: Page, ignore: Set<string> = new Set()): Promise<string[]> {
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
    // What employees wrote may stand inside a sentence of the portal's ("… 글에 댓글을 남겼습니다").
    .map((text) => [...ignore].reduce((rest, data) => (data.length > 1 ? rest.split(data).join(' ') : rest), text))
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
  test(`no English in the Korean UI on any screen (${viewport.width} px)`, async ({ page, request }) => {
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
    const ignore = await written(request);

    // A colleague's profile and the conversation with her.
    const login = await request.post('/api/auth/login', { data: { email: ACCOUNTS.admin.email, password: ACCOUNTS.admin.password } });
    const headers = { Authorization: `Bearer ${(await login.json()).access_token}` };
    const minji = (await (await request.get('/api/admin/users', { headers, params: { q: ACCOUNTS.employee.email } })).json()).items[0].id;
    await page.goto(`/chat/dm/${minji}`);
    await expect(page).toHaveURL(/\/chat\/\d+$/);
    const conversation = new URL(page.url()).pathname;

    const screens = ['/', '/boards/free', '/boards/free/new', post, `${post}/edit`, '/account', '/chat', conversation,
      '/chat/999999', '/people', `/people/${minji}`, '/search?q=%ED%95%9C%EA%B8%80',
      '/search?q=%ED%95%9C%EA%B8%80&scope=comments', '/search?q=%EC%97%86%EB%8A%94%EB%A7%90', '/admin', '/admin/boards',
      '/admin/notices', '/admin/audit', '/admin/stats', '/no-such-page'];
    const found: Record<string, string[]> = {};
    for (const path of screens) {
      await page.goto(path);
      await settle(page);
      const words = await englishOn(page, ignore);
      if (words.length) found[path] = words;
    }
    // Opened panels too: the notifications list and, at phone width, the menu.
    await page.goto('/');
    await settle(page);
    await page.getByRole('button', { name: /알림/ }).first().click();
    const inPanels = await englishOn(page, ignore);
    if (inPanels.length) found['/ (notifications open)'] = inPanels;
    await screenshot(page, `60-korean-ui-${viewport.width}`, false);
    if (viewport.width < 600) {
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: '메뉴' }).click();
      const inMenu = await englishOn(page, ignore);
      if (inMenu.length) found['/ (menu open)'] = inMenu;
    }
    // The board is left as found: other tests expect it empty.
    await page.goto(post);
    await page.getByRole('button', { name: '삭제' }).first().click();
    await page.getByRole('group', { name: '이 글을 삭제할까요?' }).getByRole('button', { name: '삭제' }).click();
    await expect(page).not.toHaveURL(new RegExp(`${post}$`));
    expect(found, 'English in the Korean UI').toEqual({});
  });
}
