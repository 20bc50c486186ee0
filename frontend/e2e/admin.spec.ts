import { ACCOUNTS } from './harness/accounts';
import { expect, screenshot, signIn, signOut, test } from './harness/fixtures';

const NEW_USER = { email: 'seoyeon.park@e2e.example.kr', name: '박서연', password: 'NewUser-pass-2024' };
const HER_OWN_PASSWORD = 'Seoyeon-own-pass-77';

test('an admin creates a user, who changes the initial password at the first sign-in and cannot open the admin area', async ({ page }) => {
  await signIn(page, ACCOUNTS.admin);
  await page.getByTestId('nav-admin').click();
  await expect(page.getByTestId('admin-area')).toBeVisible();
  await expect(page.getByTestId('user-row').first()).toBeVisible();

  const form = page.getByRole('region', { name: '사용자 추가' });
  await form.getByLabel('이메일').fill(NEW_USER.email);
  await form.getByLabel('이름').fill(NEW_USER.name);
  await form.getByLabel('초기 비밀번호').fill(NEW_USER.password);
  await form.getByLabel('부서').fill('디자인팀');
  await form.getByLabel('직함').fill('디자이너');
  await form.getByRole('button', { name: '추가' }).click();
  await expect(page.getByText('사용자를 추가했습니다.')).toBeVisible();
  const newRow = page.getByTestId('user-row').filter({ hasText: NEW_USER.email });
  await expect(newRow).toContainText('박서연');
  await expect(newRow).toContainText('디자이너 · 디자인팀');
  await expect(newRow).toContainText('초기 비밀번호'); // until she changes it

  await page.getByLabel('이름 또는 이메일 검색').fill('박서연');
  await page.getByRole('button', { name: '검색' }).click();
  await expect(page.getByTestId('user-row')).toHaveCount(1);
  await page.getByLabel('이름 또는 이메일 검색').fill('');
  await page.getByRole('button', { name: '검색' }).click();
  await screenshot(page, '10-admin-users');

  await page.getByRole('link', { name: '게시판', exact: true }).click();
  await expect(page.getByRole('cell', { name: 'free' })).toBeVisible();
  const boardForm = page.getByRole('region', { name: '게시판 만들기' });
  await boardForm.getByLabel('이름').fill('인사팀');
  await boardForm.getByLabel('주소').fill('hr');
  await boardForm.getByLabel('설명').fill('인사 관련 안내');
  await boardForm.getByRole('button', { name: '만들기' }).click();
  await expect(page.getByRole('cell', { name: 'hr', exact: true })).toBeVisible();
  await expect(page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '인사팀' })).toBeVisible();
  await screenshot(page, '11-admin-boards');
  await page.getByRole('link', { name: '감사 로그' }).click();
  await expect(page.getByRole('table')).toContainText('관리자');
  // Actions and targets in words, not codes.
  await expect(page.getByRole('row').filter({ hasText: '사용자 · 박서연' })).toContainText('사용자 추가');
  await expect(page.getByRole('row').filter({ hasText: '게시판 · 인사팀' })).toContainText('게시판 생성');
  await expect(page.getByRole('table')).not.toContainText('user.create');
  await screenshot(page, '12-admin-audit');
  await page.getByRole('link', { name: '통계' }).click();
  await expect(page.getByRole('img', { name: '일별 활성 사용자' })).toBeVisible();
  await screenshot(page, '13-admin-stats');
  await signOut(page);

  // The new user signs in …
  const adminChunkRequests: string[] = [];
  page.on('request', (request) => {
    if (/\/assets\/admin-[^/]+\.js$/.test(request.url())) adminChunkRequests.push(request.url());
  });
  // … is asked, in Korean, to replace the initial password first …
  await page.goto('/boards/free');
  await page.getByLabel('이메일').fill(NEW_USER.email);
  await page.getByLabel('비밀번호').fill(NEW_USER.password);
  await page.getByRole('button', { name: '로그인' }).click();
  await expect(page).toHaveURL(/\/password-change\?next=%2Fboards%2Ffree/);
  await expect(page.getByRole('heading', { name: '새 비밀번호 설정' })).toBeVisible();
  await expect(page.getByRole('status')).toContainText('관리자가 정해 준 초기 비밀번호로 로그인했습니다');
  await screenshot(page, '16-initial-password');
  await page.getByLabel('현재 비밀번호').fill(NEW_USER.password);
  await page.getByLabel('새 비밀번호', { exact: true }).fill(HER_OWN_PASSWORD);
  await page.getByLabel('새 비밀번호 확인').fill(HER_OWN_PASSWORD);
  await page.getByRole('button', { name: '비밀번호 변경' }).click();
  // … and lands where she was going.
  await expect(page).toHaveURL(/\/boards\/free$/);
  await expect(page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: /박서연/ })).toBeVisible();
  await signOut(page);
  await signIn(page, { ...NEW_USER, password: HER_OWN_PASSWORD, role: 'employee' });
  await expect(page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: /박서연/ })).toBeVisible();
  // … sees no admin entry …
  await expect(page.getByTestId('nav-admin')).toHaveCount(0);
  // … and cannot open it by URL either (nor is its code downloaded).
  for (const path of ['/admin', '/admin/notices', '/admin/stats']) {
    await page.goto(path);
    await expect(page.getByTestId('forbidden')).toBeVisible();
    await expect(page.getByTestId('admin-area')).toHaveCount(0);
  }
  await screenshot(page, '14-forbidden');
  expect(adminChunkRequests).toEqual([]);
  await signOut(page);

  // Deactivated by the admin, the user can no longer sign in.
  await signIn(page, ACCOUNTS.admin, '/admin');
  const row = page.getByTestId('user-row').filter({ hasText: NEW_USER.email });
  await expect(row).not.toContainText('초기 비밀번호');
  await row.getByRole('button', { name: '비활성화' }).click();
  await expect(row).toContainText('비활성');
  await expect(row.getByRole('button', { name: '활성화' })).toBeVisible();
  await signOut(page);
  await page.goto('/login');
  await page.getByLabel('이메일').fill(NEW_USER.email);
  await page.getByLabel('비밀번호').fill(HER_OWN_PASSWORD);
  await page.getByRole('button', { name: '로그인' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
});
