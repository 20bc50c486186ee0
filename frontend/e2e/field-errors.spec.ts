import type { Page } from '@playwright/test';
import { ACCOUNTS } from './harness/accounts';
import { expect, screenshot, signIn, test } from './harness/fixtures';

/**
 * The server's field refusals (taken, too common, incorrect, bad pattern) show in the UI's
 * language: in Korean no English word may appear in any rendered field error.
 */
const LABELS = {
  ko: { current: '현재 비밀번호', next: '새 비밀번호', confirm: '새 비밀번호 확인', change: '비밀번호 변경',
    addUser: '사용자 추가', email: '이메일', name: '이름', initial: '초기 비밀번호', add: '추가',
    createBoard: '게시판 만들기', slug: '주소', create: '만들기' },
  en: { current: 'Current password', next: 'New password', confirm: 'Confirm new password', change: 'Change password',
    addUser: 'Add user', email: 'Email', name: 'Name', initial: 'Initial password', add: 'Add',
    createBoard: 'Create board', slug: 'Slug', create: 'Create' },
} as const;

async function fieldErrors(page: Page): Promise<string[]> {
  await expect(page.locator('.field__error').first()).toBeVisible();
  return page.locator('.field__error').allInnerTexts();
}

/** Submit as typed: the browser's own checks step aside so the server's answer is what shows. */
async function withoutBrowserChecks(page: Page) {
  await page.evaluate(() => document.querySelectorAll('form').forEach((form) => { form.noValidate = true; }));
}

for (const viewport of [{ width: 1280, height: 900 }, { width: 375, height: 740 }]) {
  for (const lang of ['ko', 'en'] as const) {
    test(`server field errors are in the UI's language (${lang}, ${viewport.width} px)`, async ({ page }) => {
      await page.setViewportSize(viewport);
      const L = LABELS[lang];
      const seen: string[] = [];
      await signIn(page, ACCOUNTS.admin);
      await page.evaluate((value) => localStorage.setItem('portal.lang', value), lang);

      // Admin: a board address that is taken, and one the server's pattern refuses.
      await page.goto('/admin/boards');
      const boardForm = page.getByRole('region', { name: L.createBoard });
      await boardForm.getByLabel(L.name, { exact: true }).fill('영업팀');
      await withoutBrowserChecks(page);
      await boardForm.getByLabel(L.slug).fill('free');
      await boardForm.getByRole('button', { name: L.create, exact: true }).click();
      seen.push(...await fieldErrors(page));
      await boardForm.getByLabel(L.slug).fill('영업 팀');
      await boardForm.getByRole('button', { name: L.create, exact: true }).click();
      await expect(boardForm.locator('.field__error')).not.toHaveText(seen[0]);
      seen.push(...await fieldErrors(page));

      // Admin: a too-common initial password, then an email already in use.
      await page.goto('/admin');
      const userForm = page.getByRole('region', { name: L.addUser });
      await userForm.getByLabel(L.email).fill(`new-${lang}-${viewport.width}@e2e.example.kr`);
      await userForm.getByLabel(L.name, { exact: true }).fill('신입사원');
      await userForm.getByLabel(L.initial).fill('qwertyuiop');
      await userForm.getByRole('button', { name: L.add, exact: true }).click();
      seen.push(...await fieldErrors(page));
      await userForm.getByLabel(L.email).fill(ACCOUNTS.employee.email);
      await userForm.getByLabel(L.initial).fill('Long-enough-pass-2026');
      await userForm.getByRole('button', { name: L.add, exact: true }).click();
      await expect(userForm.locator('.field__error')).toHaveCount(1);
      seen.push(...await fieldErrors(page));
      await screenshot(page, `60-field-errors-users-${lang}-${viewport.width}`);

      // Account: a wrong current password.
      await page.goto('/account');
      await page.getByLabel(L.current).fill('not-my-password-at-all');
      await page.getByLabel(L.next, { exact: true }).fill('Another-pass-2026');
      await page.getByLabel(L.confirm).fill('Another-pass-2026');
      await page.getByRole('button', { name: L.change }).click();
      seen.push(...await fieldErrors(page));
      await screenshot(page, `61-field-errors-account-${lang}-${viewport.width}`);

      expect(seen.length).toBeGreaterThanOrEqual(5);
      if (lang === 'ko') {
        expect(seen.filter((text) => /[A-Za-z]{2,}/.test(text)), 'English in the Korean UI').toEqual([]);
        expect(seen.every((text) => /[가-힣]/.test(text))).toBe(true);
      } else {
        expect(seen).toContain('Already in use.');
        expect(seen).toContain('Incorrect.');
      }
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    });
  }
}

test('the board address rule is valid under the v flag: no console error, and "영업 팀" is refused by the browser', async ({ page }) => {
  await signIn(page, ACCOUNTS.admin, '/admin/boards');
  // Signed in (the sign-in screen's own session probe answers 401), the screen is loaded afresh.
  const problems: string[] = [];
  page.on('console', (message) => { if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text()); });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.reload();
  const boardForm = page.getByRole('region', { name: '게시판 만들기' });
  const slug = boardForm.getByLabel('주소');
  const pattern = await slug.getAttribute('pattern');
  // Chrome compiles `pattern` with the v flag; Node does the same here.
  expect(() => new RegExp(`^(?:${pattern})$`, 'v')).not.toThrow();
  const mismatch = () => slug.evaluate((input: HTMLInputElement) => input.validity.patternMismatch);
  await slug.fill('영업 팀');
  expect(await mismatch()).toBe(true);
  await boardForm.getByLabel('이름', { exact: true }).fill('영업팀');
  const sent: string[] = [];
  page.on('request', (request) => { if (request.url().endsWith('/api/admin/boards') && request.method() === 'POST') sent.push(request.url()); });
  await boardForm.getByRole('button', { name: '만들기', exact: true }).click();
  await page.waitForTimeout(300);
  expect(sent).toEqual([]); // the browser's own check stopped it
  for (const ok of ['sales', 'sales-team', 'team2']) {
    await slug.fill(ok);
    expect(await mismatch(), ok).toBe(false);
  }
  expect(problems, 'console errors and warnings').toEqual([]);
});

for (const lang of ['ko', 'en'] as const) {
  test(`password rules are the server's, in the UI's language (${lang})`, async ({ page }) => {
    const words = {
      ko: { rule: '10자 이상', short: '새 비밀번호는 10자 이상이어야 합니다.', addUser: '사용자 추가', initial: '초기 비밀번호',
        current: '현재 비밀번호', next: '새 비밀번호', confirm: '새 비밀번호 확인', change: '비밀번호 변경' },
      en: { rule: 'At least 10 characters', short: 'The new password needs at least 10 characters.', addUser: 'Add user',
        initial: 'Initial password', current: 'Current password', next: 'New password', confirm: 'Confirm new password', change: 'Change password' },
    }[lang];
    await signIn(page, ACCOUNTS.admin);
    await page.evaluate((value) => localStorage.setItem('portal.lang', value), lang);
    await page.goto('/admin');
    const initial = page.getByRole('region', { name: words.addUser }).getByLabel(words.initial);
    await expect(initial).toHaveAttribute('minlength', '10');
    await expect(page.getByRole('region', { name: words.addUser })).toContainText(words.rule);
    await page.goto('/account');
    await expect(page.getByText(words.rule, { exact: true })).toBeVisible();
    await page.getByLabel(words.current).fill(ACCOUNTS.admin.password);
    await page.getByLabel(words.next, { exact: true }).fill('nine-char');
    await page.getByLabel(words.confirm).fill('nine-char');
    await page.getByRole('button', { name: words.change }).click();
    await expect(page.getByText(words.short)).toBeVisible();
    await page.evaluate(() => localStorage.setItem('portal.lang', 'ko'));
  });
}
