import { ACCOUNTS } from './harness/accounts';
import { expect, screenshot, signIn, test } from './harness/fixtures';

test.describe('chat on a phone (375 px)', () => {
  test.use({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });

  test('an unknown conversation says so; a room goes back to the list; days are separated; drafts survive a reload', async ({ page }) => {
    await signIn(page, ACCOUNTS.employee, '/chat/999999');
    await expect(page.getByTestId('chat-not-found')).toContainText('대화를 찾을 수 없습니다');
    await page.getByTestId('chat-not-found').getByRole('link', { name: '대화 목록' }).click();
    await expect(page).toHaveURL(/\/chat$/);

    await page.getByRole('button', { name: '새 메시지' }).click();
    await page.getByRole('searchbox', { name: '이름 또는 이메일로 찾기' }).fill('관리자');
    await page.getByRole('button', { name: '관리자에게 메시지 보내기' }).click();
    await expect(page.getByTestId('chat-title')).toHaveText('관리자');
    const composer = page.getByRole('textbox', { name: '메시지 입력' });
    await composer.fill('오늘 점심 같이 하실래요?');
    await composer.press('Enter');
    await expect(page.getByTestId('chat-message-body')).toHaveText(['오늘 점심 같이 하실래요?']);
    await expect(page.getByTestId('chat-day')).toHaveCount(1);
    // The placeholder fits the box (nothing clipped).
    const clipped = await composer.evaluate((el) => el.scrollWidth > el.clientWidth);
    expect(clipped).toBe(false);

    await composer.fill('보내지 않은 초안');
    await page.reload();
    await expect(page.getByRole('textbox', { name: '메시지 입력' })).toHaveValue('보내지 않은 초안');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, '30-mobile-chat-ko');

    await page.getByRole('link', { name: '← 대화 목록' }).click();
    await expect(page).toHaveURL(/\/chat$/);
    await expect(page.getByTestId('chat-conversation').filter({ hasText: '관리자' })).toBeVisible();
    await screenshot(page, '31-mobile-chat-list-ko');

    await page.evaluate(() => localStorage.setItem('portal.lang', 'en'));
    await page.getByTestId('chat-conversation').filter({ hasText: '관리자' }).click();
    await page.reload();
    await expect(page.getByRole('link', { name: '← Conversations' })).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'Message' })).toHaveValue('보내지 않은 초안');
    await screenshot(page, '32-mobile-chat-en');
    await page.evaluate(() => localStorage.setItem('portal.lang', 'ko'));
  });
});

test('chat at desktop width: the list beside the conversation, no back link', async ({ page }) => {
  await signIn(page, ACCOUNTS.employee, '/chat');
  await page.getByTestId('chat-conversation').filter({ hasText: '관리자' }).click();
  await expect(page.getByTestId('chat-day')).toHaveCount(1);
  await expect(page.getByRole('link', { name: '← 대화 목록' })).toBeHidden();
  await screenshot(page, '33-chat-desktop-ko');
});
