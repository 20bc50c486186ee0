import { ACCOUNTS } from './harness/accounts';
import { expect, screenshot, signIn, signOut, test } from './harness/fixtures';

test.describe('sign-in and session', () => {
  test('signs in, survives a reload without storing the token, signs out', async ({ page }) => {
    await page.goto('/');
    await expect(page).toHaveURL(/\/login\?next=%2F/);
    await screenshot(page, '01-login');

    await page.getByLabel('이메일').fill(ACCOUNTS.employee.email);
    await page.getByLabel('비밀번호').fill('wrong-password');
    await page.getByRole('button', { name: '로그인' }).click();
    await expect(page.getByRole('alert')).toContainText('올바르지 않습니다');

    await page.getByLabel('비밀번호').fill(ACCOUNTS.employee.password);
    await page.getByRole('button', { name: '로그인' }).click();
    await expect(page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: /김민지/ })).toBeVisible();
    await expect(page.getByRole('heading', { name: '자유게시판' })).toBeVisible();

    // The access token lives in memory only; the refresh cookie is httpOnly.
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    expect(stored).not.toMatch(/eyJ/);
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'refresh_token_cookie')?.httpOnly).toBe(true);

    await page.reload();
    await expect(page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: /김민지/ })).toBeVisible();
    await expect(page).toHaveURL(/\/$/);

    await signOut(page);
    await page.goto('/account');
    await expect(page).toHaveURL(/\/login\?next=%2Faccount/);
  });

  test('an ended session returns to sign-in and then back to the same screen', async ({ page, context }) => {
    await signIn(page, ACCOUNTS.employee, '/boards/free?q=%ED%9A%8C%EC%9D%98');
    await expect(page).toHaveURL(/\/boards\/free\?q=/);
    await context.clearCookies();
    await page.reload();
    await expect(page).toHaveURL(/\/login\?next=/);
    await page.getByLabel('이메일').fill(ACCOUNTS.employee.email);
    await page.getByLabel('비밀번호').fill(ACCOUNTS.employee.password);
    await page.getByRole('button', { name: '로그인' }).click();
    await expect(page).toHaveURL(/\/boards\/free\?q=%ED%9A%8C%EC%9D%98$/);
    await expect(page.getByRole('searchbox', { name: '게시글 검색' })).toHaveValue('회의');
  });

  test('an expired access token is refreshed once and the request retried', async ({ page }) => {
    await signIn(page, ACCOUNTS.employee);
    await page.waitForLoadState('networkidle'); // the home page's own requests must not meet the route below
    // The server answers the next board request as if the access token had expired.
    let expired = 1;
    await page.route('**/api/posts?*', async (route) => {
      if (expired-- > 0) {
        await route.fulfill({ status: 401, contentType: 'application/json', body: JSON.stringify({ error: { code: 'token_expired', message: 'expired' } }) });
      } else {
        await route.continue();
      }
    });
    const refresh = page.waitForResponse((r) => r.url().endsWith('/api/auth/refresh') && r.request().method() === 'POST');
    await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '자유게시판' }).click();
    expect((await refresh).status()).toBe(200);
    await expect(page.getByRole('heading', { name: '자유게시판', level: 1 })).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
    await expect(page).toHaveURL(/\/boards\/free$/);
  });

  test('when the session cannot be refreshed, sign-in says so and returns to the screen', async ({ page, context }) => {
    await signIn(page, ACCOUNTS.employee);
    await page.waitForLoadState('networkidle'); // the home page's own requests must not meet the route below
    await context.clearCookies(); // the refresh cookie is gone, as after its expiry
    await page.route('**/api/posts?*', (route) =>
      route.fulfill({ status: 401, contentType: 'application/json', body: JSON.stringify({ error: { code: 'token_expired', message: 'expired' } }) }));
    await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '자유게시판' }).click();
    await expect(page).toHaveURL(/\/login\?next=%2Fboards%2Ffree&expired=1$/);
    await expect(page.getByRole('status')).toContainText('세션이 만료되었습니다');
    await screenshot(page, '01b-login-expired', false);
    await page.unroute('**/api/posts?*');
    await page.getByLabel('이메일').fill(ACCOUNTS.employee.email);
    await page.getByLabel('비밀번호').fill(ACCOUNTS.employee.password);
    await page.getByRole('button', { name: '로그인' }).click();
    await expect(page).toHaveURL(/\/boards\/free$/);
    await expect(page.getByRole('heading', { name: '자유게시판', level: 1 })).toBeVisible();
  });

  test('changes the password and signs in with the new one', async ({ page }) => {
    const account = ACCOUNTS.other;
    const next = 'Changed-pass-2024!';
    await signIn(page, account, '/account');
    // The length rule is the server's (10), shown and checked before anything is sent.
    await expect(page.getByText('10자 이상')).toBeVisible();
    await page.getByLabel('현재 비밀번호').fill(account.password);
    await page.getByLabel('새 비밀번호', { exact: true }).fill('nine-char');
    await page.getByLabel('새 비밀번호 확인').fill('nine-char');
    await page.getByRole('button', { name: '비밀번호 변경' }).click();
    await expect(page.getByText('새 비밀번호는 10자 이상이어야 합니다.')).toBeVisible();
    await page.getByLabel('새 비밀번호', { exact: true }).fill(next);
    await page.getByLabel('새 비밀번호 확인').fill(next);
    await page.getByRole('button', { name: '비밀번호 변경' }).click();
    await expect(page.getByText('비밀번호를 변경했습니다.')).toBeVisible();
    await screenshot(page, '09-account');

    await page.context().clearCookies();
    await page.goto('/');
    await page.getByLabel('이메일').fill(account.email);
    await page.getByLabel('비밀번호').fill(next);
    await page.getByRole('button', { name: '로그인' }).click();
    await expect(page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: /이준호/ })).toBeVisible();

    // Put it back so other tests can use the documented password.
    await page.goto('/account');
    await page.getByLabel('현재 비밀번호').fill(next);
    await page.getByLabel('새 비밀번호', { exact: true }).fill(account.password);
    await page.getByLabel('새 비밀번호 확인').fill(account.password);
    await page.getByRole('button', { name: '비밀번호 변경' }).click();
    await expect(page.getByText('비밀번호를 변경했습니다.')).toBeVisible();
  });
});
