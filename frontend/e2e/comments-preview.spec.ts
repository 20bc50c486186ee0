import type { Page } from '@playwright/test';
import { ACCOUNTS } from './harness/accounts';
import { expect, screenshot, signIn, test } from './harness/fixtures';

// Markdown on which client-side renderers and the server's disagree: raw HTML (the server
// escapes it), a bare line break, a table and a javascript: link.
const BODY = '## 미리보기 확인\n\n첫 줄\n둘째 줄 <u>밑줄</u>\n\n| 항목 | 값 |\n| --- | --- |\n| 가 | 1 |\n\n[위험](javascript:alert(1))';

// A board of its own, so the other specs' boards stay as they expect them (the free board empty).
const BOARD = { name: '미리보기 시험', slug: 'preview-check', description: '', admin_only: false };

test.beforeAll(async ({ playwright }) => {
  const api = await playwright.request.newContext({ baseURL: process.env.E2E_BASE_URL });
  const login = await api.post('/api/auth/login', { data: { email: ACCOUNTS.admin.email, password: ACCOUNTS.admin.password } });
  const { access_token: token } = await login.json();
  const created = await api.post('/api/admin/boards', { data: BOARD, headers: { Authorization: `Bearer ${token}` } });
  expect([201, 409]).toContain(created.status());
  await api.dispose();
});

async function innerHtml(page: Page, testId: string) {
  return page.getByTestId(testId).evaluate((el) => el.innerHTML.trim());
}

test('the editor preview is exactly what the published post shows', async ({ page }) => {
  await signIn(page, ACCOUNTS.employee, `/boards/${BOARD.slug}/new`);
  await page.getByLabel('제목', { exact: true }).fill('미리보기 = 게시글');
  await page.getByLabel('본문', { exact: true }).fill(BODY);
  const previews = page.waitForResponse((r) => r.url().endsWith('/api/posts/preview') && r.request().method() === 'POST');
  await page.getByRole('tab', { name: '미리보기' }).click();
  expect((await previews).status()).toBe(200);
  await expect(page.getByTestId('preview').getByRole('heading', { name: '미리보기 확인' })).toBeVisible();
  await expect(page.getByTestId('preview')).toContainText('<u>밑줄</u>');  // shown as text, as the server does
  const preview = await innerHtml(page, 'preview');
  await screenshot(page, '35-editor-server-preview');
  await page.getByRole('tab', { name: '작성' }).click();
  await page.getByRole('button', { name: '등록' }).click();
  await expect(page.getByTestId('post-title')).toHaveText('미리보기 = 게시글');
  expect(await innerHtml(page, 'post-body')).toBe(preview);
});

test('comments show Markdown and can be edited by their author', async ({ page }) => {
  await signIn(page, ACCOUNTS.employee, `/boards/${BOARD.slug}/new`);
  await page.getByLabel('제목', { exact: true }).fill('댓글 마크다운');
  await page.getByLabel('본문', { exact: true }).fill('본문');
  await page.getByRole('button', { name: '등록' }).click();
  await expect(page.getByTestId('post-title')).toHaveText('댓글 마크다운');

  await page.getByLabel('댓글 쓰기').fill('**중요**: [링크](https://example.kr) 확인 바랍니다');
  await page.getByRole('button', { name: '댓글 등록' }).click();
  const comment = page.getByTestId('comment').first();
  await expect(comment.getByTestId('comment-body').locator('strong')).toHaveText('중요');
  await expect(comment.getByRole('link', { name: '링크' })).toHaveAttribute('href', 'https://example.kr');
  await expect(comment.getByTestId('comment-edited')).toHaveCount(0);

  await comment.getByRole('button', { name: '수정' }).click();
  await comment.getByLabel('댓글 수정').fill('_고쳤습니다_');
  await comment.getByRole('button', { name: '저장' }).click();
  await expect(comment.getByTestId('comment-body').locator('em')).toHaveText('고쳤습니다');
  await expect(comment.getByTestId('comment-edited')).toHaveText('수정됨');
  await screenshot(page, '36-comment-edited');
});

for (const lang of ['ko', 'en'] as const) {
  test.describe(`comments on a phone (375 px, ${lang})`, () => {
    test.use({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });

    test('an edited comment with a long link fits without sideways scroll', async ({ page }) => {
      await signIn(page, ACCOUNTS.employee, `/boards/${BOARD.slug}/new`);
      await page.getByLabel('제목', { exact: true }).fill(`휴대폰 댓글 ${lang}`);
      await page.getByLabel('본문', { exact: true }).fill('본문');
      await page.getByRole('button', { name: '등록' }).click();
      await expect(page.getByTestId('post-title')).toBeVisible();
      await page.getByLabel('댓글 쓰기').fill(`**확인** https://example.kr/${'very-long-path-'.repeat(8)}`);
      await page.getByRole('button', { name: '댓글 등록' }).click();
      const comment = page.getByTestId('comment').first();
      await comment.getByRole('button', { name: '수정' }).click();
      await comment.getByLabel('댓글 수정').fill(`**확인함** https://example.kr/${'very-long-path-'.repeat(8)}`);
      await comment.getByRole('button', { name: '저장' }).click();
      await expect(comment.getByTestId('comment-edited')).toBeVisible();
      if (lang === 'en') {
        await page.evaluate(() => localStorage.setItem('portal.lang', 'en'));
        await page.reload();
        await expect(comment.getByTestId('comment-edited')).toHaveText('edited');
        await expect(comment.getByRole('button', { name: 'Edit' })).toBeVisible();
      }
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await comment.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `e2e/screenshots/37-comment-phone-${lang}.png` });
    });
  });
}
