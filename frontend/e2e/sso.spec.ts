import { ACCOUNTS } from './harness/accounts';
import { expect, screenshot, signIn, test } from './harness/fixtures';

// Single sign-on through a real OpenID Connect provider (oidc-provider on loopback, started by
// the global setup): the portal's button, the provider's sign-in page, and back, signed in.
const TEXT = {
  ko: { button: '회사 계정으로 로그인', notAllowed: '이 이메일 도메인으로는 로그인할 수 없습니다', home: '사내 포털' },
  en: { button: 'Sign in with your company account', notAllowed: 'This email domain cannot sign in here', home: 'Company Portal' },
} as const;

const VIEWPORTS = { desktop: { width: 1280, height: 800 }, phone: { width: 375, height: 740 } } as const;

for (const [size, viewport] of Object.entries(VIEWPORTS)) {
  for (const lang of ['ko', 'en'] as const) {
    test.describe(`single sign-on (${size}, ${lang})`, () => {
      test.use({ viewport });
      test.beforeEach(async ({ page }) => {
        await page.addInitScript((value) => localStorage.setItem('portal.lang', value), lang);
      });

      test('an employee signs in with the company account and lands where they were going', async ({ page }) => {
        await page.goto('/boards/free');
        await expect(page).toHaveURL(/\/login\?next=%2Fboards%2Ffree/);
        const button = page.getByRole('link', { name: TEXT[lang].button });
        await expect(button).toBeVisible();
        await screenshot(page, `sso-01-login-${size}-${lang}`);

        await button.click();
        await expect(page.getByRole('heading', { name: 'Company sign-in' })).toBeVisible();
        await page.getByLabel('Account').fill('minji');
        await page.getByRole('button', { name: 'Sign in' }).click();

        await expect(page).toHaveURL(/\/boards\/free$/);
        await expect(page.getByRole('heading', { name: '자유게시판' })).toBeVisible();
        const cookies = await page.context().cookies();
        expect(cookies.find((c) => c.name === 'refresh_token_cookie')?.httpOnly).toBe(true);
        expect(cookies.find((c) => c.name === 'portal_sso')).toBeUndefined();
        await screenshot(page, `sso-02-signed-in-${size}-${lang}`);

        // The session is the portal's own: it survives a reload through the refresh cookie.
        await page.reload();
        await expect(page.getByRole('heading', { name: '자유게시판' })).toBeVisible();
      });

      test('an account outside the company domain is told why, on the sign-in page', async ({ page }) => {
        await page.goto('/login');
        await page.getByRole('link', { name: TEXT[lang].button }).click();
        await page.getByLabel('Account').fill('outsider');
        await page.getByRole('button', { name: 'Sign in' }).click();
        await expect(page).toHaveURL(/\/login\?sso_error=domain_not_allowed/);
        await expect(page.getByRole('alert')).toContainText(TEXT[lang].notAllowed);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow).toBeLessThanOrEqual(0);
        await screenshot(page, `sso-03-refused-${size}-${lang}`);
      });
    });
  }
}

test('an admin marks and unmarks a break-glass admin in the admin area, and the audit log shows it', async ({ page }) => {
  await signIn(page, ACCOUNTS.admin, '/admin');
  const row = page.getByTestId('user-row').filter({ hasText: ACCOUNTS.admin.email });
  const breakGlass = row.getByRole('checkbox', { name: /비밀번호 로그인이 꺼져도/ });
  await expect(breakGlass).not.toBeChecked();
  await breakGlass.click(); // a controlled box: checked once the server has saved it
  await expect(breakGlass).toBeChecked();
  await page.reload();
  await expect(breakGlass).toBeChecked();
  await expect(page.getByTestId('user-row').filter({ hasText: ACCOUNTS.employee.email }).getByRole('checkbox')).toHaveCount(0);
  await screenshot(page, 'sso-04-break-glass');
  await page.goto('/admin/audit');
  await expect(page.getByRole('main')).toContainText('사용자 정보 변경');
  await page.goto('/admin');
  await breakGlass.click();
  await expect(breakGlass).not.toBeChecked();
});

const SWITCH = {
  ko: { label: '모든 직원의 비밀번호 로그인 허용', password: '비밀번호' },
  en: { label: 'Allow password sign-in for everyone', password: 'Password' },
} as const;

/** Back to passwords for everyone, whatever the test left: later specs sign in with passwords. */
async function passwordsOnAgain(request: import('@playwright/test').APIRequestContext) {
  const login = await request.post('/api/auth/login', { data: { email: ACCOUNTS.admin.email, password: ACCOUNTS.admin.password } });
  const headers = { Authorization: `Bearer ${(await login.json()).access_token}` };
  await request.put('/api/admin/sign-in-policy', { headers, data: { password_login: true } });
  const users = await (await request.get('/api/admin/users', { headers, params: { q: ACCOUNTS.admin.email } })).json();
  await request.patch(`/api/admin/users/${users.items[0].id}`, { headers, data: { break_glass: false } });
}

for (const [size, viewport] of Object.entries(VIEWPORTS)) {
  for (const lang of ['ko', 'en'] as const) {
    test(`an admin turns password sign-in off for everyone but break-glass admins (${size}, ${lang})`, async ({ page, browser, request }) => {
      await page.setViewportSize(viewport);
      try {
        await signIn(page, ACCOUNTS.admin, '/admin');
        await page.evaluate((value) => localStorage.setItem('portal.lang', value), lang);
        await page.reload(); // the refresh cookie keeps the admin signed in
        const passwords = page.getByRole('checkbox', { name: SWITCH[lang].label });
        await expect(passwords).toBeChecked();
        // Refused while no admin would keep a password, with the reason in the UI's language.
        await passwords.click();
        await expect(page.getByRole('alert')).toBeVisible();
        await expect(passwords).toBeChecked();
        if (lang === 'ko') await expect(page.getByRole('alert')).not.toContainText(/[A-Za-z]{2,}/);
        const row = page.getByTestId('user-row').filter({ hasText: ACCOUNTS.admin.email });
        await row.getByRole('checkbox').click();
        await expect(row.getByRole('checkbox')).toBeChecked();
        await passwords.click();
        await expect(passwords).not.toBeChecked();
        await screenshot(page, `sso-05-passwords-off-${size}-${lang}`);
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

        // A new visitor sees only the company-account button.
        const visitor = await browser.newContext({ viewport });
        const visitorPage = await visitor.newPage();
        await visitorPage.addInitScript((value) => localStorage.setItem('portal.lang', value), lang);
        await visitorPage.goto('/login');
        await expect(visitorPage.getByRole('link', { name: TEXT[lang].button })).toBeVisible();
        await expect(visitorPage.getByLabel(SWITCH[lang].password, { exact: true })).toHaveCount(0);
        await screenshot(visitorPage, `sso-06-login-sso-only-${size}-${lang}`);
        await visitor.close();

        await passwords.click();
        await expect(passwords).toBeChecked();
      } finally {
        await passwordsOnAgain(request);
      }
    });
  }
}
