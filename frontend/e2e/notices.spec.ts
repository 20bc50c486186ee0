import { ACCOUNTS } from './harness/accounts';
import { expect, screenshot, signIn, signOut, test } from './harness/fixtures';

test('a required-read notice confirmed by a user shows as confirmed for the admin', async ({ page }) => {
  const title = '[필독] 보안 교육 이수 안내';
  await signIn(page, ACCOUNTS.admin, '/boards/notice/new');
  await page.getByLabel('제목').fill(title);
  await page.getByLabel('본문').fill('모든 임직원은 이번 달 말까지 **보안 교육**을 이수해 주세요.');
  await page.getByRole('button', { name: '등록' }).click();
  await expect(page.getByTestId('post-title')).toHaveText(title);

  await page.getByLabel('범위').selectOption('site');
  await page.getByLabel('확인 필요').check();
  await page.getByRole('button', { name: '공지로 고정' }).click();
  await expect(page.getByRole('button', { name: '고정 해제' })).toBeVisible();
  await signOut(page);

  // The employee sees it highlighted on the home page, opens it and confirms it on its own page.
  await signIn(page, ACCOUNTS.employee);
  const notice = page.getByTestId('notice').filter({ hasText: title });
  await expect(notice).toHaveAttribute('data-acked', 'false');
  await expect(notice).toHaveClass(/notice--pending/);
  await screenshot(page, '07-home-required-notice');
  await notice.getByRole('link', { name: '읽고 확인하기' }).click();
  await expect(page.getByTestId('post-title')).toHaveText(title);
  const confirm = page.getByTestId('notice-confirm');
  await expect(confirm).toHaveAttribute('data-acked', 'false');
  await screenshot(page, '07b-notice-confirm');
  await confirm.getByRole('button', { name: '확인했습니다' }).click();
  await expect(confirm).toHaveAttribute('data-acked', 'true');
  await page.goto('/');
  await expect(notice).toHaveAttribute('data-acked', 'true');
  await expect(notice).not.toHaveClass(/notice--pending/);
  await expect(notice).toContainText('확인함');
  await signOut(page);

  // The admin sees who confirmed and who has not yet.
  await signIn(page, ACCOUNTS.admin, '/admin/notices');
  const item = page.getByTestId('admin-notice').filter({ hasText: title });
  await item.getByRole('button', { name: '확인 현황' }).click();
  await expect(item.getByTestId('ack-confirmed')).toContainText(ACCOUNTS.employee.name);
  await expect(item.getByTestId('ack-pending').filter({ hasText: ACCOUNTS.employee.name })).toHaveCount(0);
  await expect(item.getByTestId('ack-pending').filter({ hasText: ACCOUNTS.other.name })).toHaveCount(1);
  await screenshot(page, '08-admin-notice-acks');
});
