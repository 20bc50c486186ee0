import type { APIRequestContext, Page } from '@playwright/test';
import { ACCOUNTS, type Account } from './harness/accounts';
import { expect, screenshot, signIn, signOut, test } from './harness/fixtures';
import { makePdf, makePng } from './harness/files';

const nav = (page: Page, name: string) => page.getByRole('navigation', { name }).first();

async function token(request: APIRequestContext, account: Account) {
  const response = await request.post('/api/auth/login', { data: { email: account.email, password: account.password } });
  expect(response.ok()).toBeTruthy();
  return { Authorization: `Bearer ${(await response.json()).access_token}` };
}

async function userId(request: APIRequestContext, account: Account) {
  const headers = await token(request, ACCOUNTS.admin);
  const found = await (await request.get('/api/admin/users', { headers, params: { q: account.email } })).json();
  return found.items[0].id as number;
}

async function noSidewaysScroll(page: Page, what: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${what} scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(0);
}

async function photoWidth(page: Page, alt: string) {
  const image = page.getByRole('img', { name: alt });
  await expect(image).toBeVisible();
  return image.evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0));
}

test.describe.configure({ mode: 'serial' });

test('an admin sets department and title; an employee adds a phone and a photo', async ({ page }) => {
  await signIn(page, ACCOUNTS.admin, '/admin');
  for (const [account, department, title] of [[ACCOUNTS.employee, '개발팀', '선임 연구원'], [ACCOUNTS.other, '인사팀', '대리']] as const) {
    const row = page.getByTestId('user-row').filter({ hasText: account.email });
    await row.getByRole('button', { name: '부서·직함' }).click();
    await row.getByLabel(`${account.name}의 부서`).fill(department);
    await row.getByLabel(`${account.name}의 직함`).fill(title);
    await row.getByRole('button', { name: '저장' }).click();
    await expect(row).toContainText(`${title} · ${department}`);
  }
  await screenshot(page, '60-admin-department-title');
  await signOut(page);

  await signIn(page, ACCOUNTS.employee, '/account');
  const profile = page.locator('form.profile-form');
  // Department and title are shown, not editable: the admins set them.
  await expect(profile).toContainText('개발팀');
  await expect(profile).toContainText('부서와 직함은 관리자가 정합니다.');
  // Not an image: refused before anything is uploaded.
  await profile.getByLabel('사진 선택').setInputFiles({ name: '이력서.pdf', mimeType: 'application/pdf', buffer: makePdf() });
  await expect(profile.getByRole('alert')).toHaveText('사진은 이미지 파일(PNG, JPEG, GIF, WebP)만 쓸 수 있습니다.');
  // A wide photo: its centre square, 512 px, goes to storage (s3rver) with the uploads' own presign and PUT.
  await profile.getByLabel('사진 선택').setInputFiles({ name: '프로필.png', mimeType: 'image/png', buffer: makePng(900, 600) });
  await profile.getByLabel('전화').fill('공일공');
  await profile.getByRole('button', { name: '저장' }).click();
  await expect(profile.getByText('숫자와 +, -, 괄호, 점, 공백만 쓸 수 있습니다(예: 02-1234-5678).')).toBeVisible();
  await profile.getByLabel('전화').fill('02-1234-5611');
  await profile.getByRole('button', { name: '저장' }).click();
  await expect(profile.getByRole('status')).toHaveText('프로필을 저장했습니다.');
  // The saved photo comes back from storage through its signed URL, as the server resized nothing.
  await page.reload();
  await expect.poll(() => photoWidth(page, '김민지의 사진')).toBe(512);
  await screenshot(page, '61-my-profile');
});

test('the directory finds colleagues by department and name; a profile leads to a DM', async ({ page, request }) => {
  await signIn(page, ACCOUNTS.other);
  await nav(page, '주 메뉴').getByRole('link', { name: '임직원' }).click();
  await expect(page.getByRole('heading', { name: '임직원', level: 1 })).toBeVisible();
  const cards = page.getByTestId('person-card');
  await expect(cards.filter({ hasText: '김민지' })).toContainText('선임 연구원 · 개발팀');
  await expect(cards.filter({ hasText: '김민지' }).locator('img')).toBeVisible(); // her photo, beside her name
  // Presence beside each name: I have the portal open (my socket, from any screen); she has not.
  await expect(async () => {
    await page.reload();
    await expect(cards.filter({ hasText: '이준호' }).getByTestId('presence')).toHaveAttribute('data-online', 'true', { timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await expect(cards.filter({ hasText: '김민지' }).getByTestId('presence')).toHaveAttribute('data-online', 'false');
  await expect(cards.filter({ hasText: '이준호' }).getByRole('img', { name: '접속 중' })).toBeVisible();
  await screenshot(page, '62-people-directory');

  const departments = nav(page, '부서');
  await departments.getByRole('button', { name: /개발팀/ }).click();
  await expect(page).toHaveURL(/department=%EA%B0%9C%EB%B0%9C%ED%8C%80/);
  await expect(cards).toHaveCount(1);
  await expect(departments.getByRole('button', { name: /개발팀/ })).toHaveAttribute('aria-pressed', 'true');
  await screenshot(page, '63-people-department');
  await departments.getByRole('button', { name: /전체/ }).click();
  await page.getByLabel('임직원 검색').fill('준호');
  await page.getByRole('button', { name: '검색' }).click();
  await expect(cards).toHaveCount(1);
  await expect(cards).toContainText('이준호');
  await page.getByLabel('임직원 검색').fill('없는사람');
  await page.getByRole('button', { name: '검색' }).click();
  await expect(page.getByText('‘없는사람’에 맞는 임직원이 없습니다.')).toBeVisible();

  // A post's author name opens the author's profile.
  const board = (await (await request.get('/api/boards', { headers: await token(request, ACCOUNTS.employee) })).json()).items
    .find((b: { slug: string }) => b.slug === 'free');
  const post = await request.post('/api/posts', { headers: await token(request, ACCOUNTS.employee),
    data: { board_id: board.id, title: '프로필 링크 확인', body: '작성자 이름을 눌러 보세요.' } });
  expect(post.status()).toBe(201);
  const postId = (await post.json()).id;
  await page.goto(`/posts/${postId}`);
  await page.locator('.post__meta').getByRole('link', { name: '김민지' }).click();
  await expect(page.getByTestId('profile')).toBeVisible();
  // Gone again: the posts spec starts from an empty board.
  expect((await request.delete(`/api/posts/${postId}`, { headers: await token(request, ACCOUNTS.employee) })).status()).toBe(204);
  const profile = page.getByTestId('profile');
  await expect(profile.getByRole('heading', { name: '김민지' })).toBeVisible();
  await expect(profile).toContainText('선임 연구원 · 개발팀');
  await expect(profile.getByRole('link', { name: '02-1234-5611' })).toHaveAttribute('href', 'tel:0212345611');
  await expect(profile.getByRole('link', { name: ACCOUNTS.employee.email })).toHaveAttribute('href', `mailto:${ACCOUNTS.employee.email}`);
  await expect.poll(() => photoWidth(page, '김민지의 사진')).toBe(512);
  await screenshot(page, '64-profile');

  await profile.getByRole('link', { name: '메시지 보내기' }).click();
  await expect(page).toHaveURL(/\/chat\/\d+$/);
  await page.getByRole('textbox', { name: '메시지 입력' }).fill('프로필 보고 연락드려요.');
  await page.getByRole('textbox', { name: '메시지 입력' }).press('Enter');
  await expect(page.getByTestId('chat-scroll').getByText('프로필 보고 연락드려요.')).toBeVisible();
  // The same pair always has the one DM: the profile's link opens it again.
  const dm = page.url();
  await page.goto(`/chat/dm/${await userId(request, ACCOUNTS.employee)}`);
  await expect(page).toHaveURL(dm);
  await page.goto(`/people/${await userId(request, ACCOUNTS.other)}`);
  await expect(page.getByTestId('profile').getByRole('link', { name: '내 프로필 수정' })).toHaveAttribute('href', '/account');
  await expect(page.getByRole('link', { name: '메시지 보내기' })).toHaveCount(0);
});

test.describe('in English at 375 px', () => {
  test.use({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });

  test('the directory, a profile and my profile fit a phone', async ({ page, request }) => {
    await signIn(page, ACCOUNTS.employee);
    await page.evaluate(() => localStorage.setItem('portal.lang', 'en'));
    await page.goto('/people');
    await expect(page.getByRole('heading', { name: 'People', level: 1 })).toBeVisible();
    await expect(page.getByTestId('person-card').filter({ hasText: '이준호' })).toContainText('대리 · 인사팀');
    await noSidewaysScroll(page, '/people');
    await screenshot(page, '65-mobile-people-en');
    await page.getByRole('navigation', { name: 'Departments' }).getByRole('button', { name: /인사팀/ }).click();
    await expect(page.getByTestId('person-card')).toHaveCount(1);

    await page.goto(`/people/${await userId(request, ACCOUNTS.employee)}`);
    await expect(page.getByTestId('profile')).toContainText('Department');
    await expect(page.getByRole('link', { name: 'Edit my profile' })).toBeVisible();
    await expect.poll(() => photoWidth(page, 'Photo of 김민지')).toBe(512);
    await noSidewaysScroll(page, 'a profile');
    await screenshot(page, '66-mobile-profile-en');

    await page.goto('/account');
    await expect(page.getByRole('heading', { name: 'My profile' })).toBeVisible();
    await expect(page.getByText('Department and title are set by admins.')).toBeVisible();
    await noSidewaysScroll(page, '/account');
    await screenshot(page, '67-mobile-account-en');
    await page.evaluate(() => localStorage.setItem('portal.lang', 'ko'));
  });

  test('a password an admin reset must be changed first, and the screen says why (English)', async ({ page, request }) => {
    const headers = await token(request, ACCOUNTS.admin);
    const id = await userId(request, ACCOUNTS.other);
    const initial = 'Reset-by-admin-2026';
    expect((await request.put(`/api/admin/users/${id}/password`, { headers, data: { password: initial } })).status()).toBe(204);

    await page.goto('/login');
    await page.getByLabel('언어').selectOption('en');
    await page.getByLabel('Email').fill(ACCOUNTS.other.email);
    await page.getByLabel('Password').fill(initial);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/password-change/);
    await expect(page.getByRole('heading', { name: 'Set your own password' })).toBeVisible();
    await expect(page.getByRole('status')).toContainText('you signed in with an initial password an admin gave you');
    await noSidewaysScroll(page, '/password-change');
    await screenshot(page, '68-mobile-initial-password-en');
    // Nothing else opens meanwhile, not even by address.
    await page.goto('/people');
    await expect(page).toHaveURL(/\/password-change\?next=%2Fpeople/);

    await page.getByLabel('Current password').fill(initial);
    await page.getByLabel('New password', { exact: true }).fill(initial);
    await page.getByLabel('Confirm new password').fill(initial);
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page.getByText('Choose a password other than the current one.')).toBeVisible();
    // Back to the documented password, which is not the current one.
    await page.getByLabel('New password', { exact: true }).fill(ACCOUNTS.other.password);
    await page.getByLabel('Confirm new password').fill(ACCOUNTS.other.password);
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page).toHaveURL(/\/people$/);
    await expect(page.getByRole('heading', { name: 'People', level: 1 })).toBeVisible();
    await page.evaluate(() => localStorage.setItem('portal.lang', 'ko'));
  });
});
