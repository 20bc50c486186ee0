import type { BrowserContext, Page } from '@playwright/test';
import { ACCOUNTS } from './harness/accounts';
import { makePng } from './harness/files';
import { expect, screenshot, signIn, test } from './harness/fixtures';
import { typeKorean } from './harness/ime';

/**
 * Two people, two browser contexts, one real portal: a DM, a room, typing and presence,
 * an attachment, and Hangul typed through IME composition (Chrome DevTools Protocol) that
 * must arrive once and intact even when Enter is pressed before the last syllable is done.
 */

type Person = { context: BrowserContext; page: Page };

async function open(browser: import('@playwright/test').Browser, baseURL: string, account: (typeof ACCOUNTS)[keyof typeof ACCOUNTS]): Promise<Person> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await signIn(page, account);
  await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '채팅' }).click();
  await expect(page.getByRole('heading', { name: '채팅', level: 1 })).toBeVisible();
  return { context, page };
}

const composer = (page: Page) => page.getByRole('textbox', { name: '메시지 입력' });
const bodies = (page: Page) => page.getByTestId('chat-message-body');

const ANNYEONG = [['ㅇ', '아', '안'], ['ㄴ', '녀', '녕'], ['ㅎ', '하'], ['ㅅ', '세'], ['ㅇ', '요']];

test('two people chat in a DM and a room, with typing, presence, a file and IME-typed Hangul', async ({ browser, baseURL }) => {
  const minji = await open(browser, baseURL as string, ACCOUNTS.employee);
  const junho = await open(browser, baseURL as string, ACCOUNTS.other);

  // -- a DM -------------------------------------------------------------------------------
  await minji.page.getByRole('button', { name: '새 메시지' }).click();
  await minji.page.getByRole('searchbox', { name: '이름 또는 이메일로 찾기' }).fill('이준호');
  await minji.page.getByRole('button', { name: '이준호에게 메시지 보내기' }).click();
  await expect(minji.page.getByTestId('chat-title')).toHaveText('이준호');
  await expect(minji.page.getByTestId('chat-presence')).toHaveAttribute('data-online', 'true');

  await composer(minji.page).fill('준호 씨, 회의 자료 보셨어요?');
  await composer(minji.page).press('Enter');
  await expect(bodies(minji.page)).toHaveText(['준호 씨, 회의 자료 보셨어요?']);

  const dmRow = junho.page.getByTestId('chat-conversation').filter({ hasText: '김민지' });
  await expect(dmRow.getByTestId('chat-unread')).toHaveText('1');
  await dmRow.click();
  await expect(bodies(junho.page)).toHaveText(['준호 씨, 회의 자료 보셨어요?']);
  await expect(dmRow.getByTestId('chat-unread')).toHaveCount(0);

  // Shift+Enter is a new line, not a send.
  await composer(junho.page).fill('네, 봤습니다.');
  await composer(junho.page).press('Shift+Enter');
  await composer(junho.page).press('End');
  await composer(junho.page).pressSequentially('감사합니다');
  // Minji sees that Junho is typing.
  await expect(minji.page.getByTestId('chat-typing')).toHaveText('이준호님이 입력 중…');
  await composer(junho.page).press('Enter');
  await expect(bodies(minji.page).last()).toHaveText('네, 봤습니다.\n감사합니다');

  // -- Hangul through IME composition -----------------------------------------------------
  const cdp = await junho.context.newCDPSession(junho.page);
  await composer(junho.page).focus();
  await typeKorean(cdp, ANNYEONG, true);
  // The Enter pressed mid-syllable did not send; the text is whole, nothing repeated.
  await expect(composer(junho.page)).toHaveValue('안녕하세요');
  await composer(junho.page).press('Enter');
  await expect(composer(junho.page)).toHaveValue('');
  await expect(bodies(minji.page).last()).toHaveText('안녕하세요');
  await expect(bodies(minji.page).filter({ hasText: /^안녕하세요$/ })).toHaveCount(1);
  await expect(bodies(minji.page).filter({ hasText: /^요$/ })).toHaveCount(0);
  await expect(bodies(junho.page)).toHaveCount(3);
  await screenshot(minji.page, '30-chat-dm');

  // -- a room, with an attachment ---------------------------------------------------------
  await minji.page.getByRole('button', { name: '새 채팅방' }).click();
  await minji.page.getByLabel('채팅방 이름').fill('플랫폼팀');
  await minji.page.getByRole('searchbox', { name: '이름 또는 이메일로 찾기' }).fill('이준호');
  await minji.page.getByRole('button', { name: '이준호 추가' }).click();
  await minji.page.getByRole('button', { name: '만들기' }).click();
  await expect(minji.page.getByTestId('chat-title')).toHaveText('플랫폼팀');

  await minji.page.locator('.chat-composer input[type="file"]').setInputFiles({ name: '배치도.png', mimeType: 'image/png', buffer: makePng() });
  await expect(minji.page.getByTestId('chat-upload')).toHaveAttribute('data-status', 'done');
  await composer(minji.page).fill('자리 배치도 공유합니다');
  await minji.page.getByRole('button', { name: '보내기' }).click();

  const roomRow = junho.page.getByTestId('chat-conversation').filter({ hasText: '플랫폼팀' });
  await expect(roomRow.getByTestId('chat-unread')).toHaveText('1');
  await roomRow.click();
  await expect(bodies(junho.page)).toHaveText(['자리 배치도 공유합니다']);
  await expect(junho.page.getByRole('img', { name: '배치도.png' })).toBeVisible();

  await composer(junho.page).focus();
  await typeKorean(cdp, [['ㅈ', '좋'], ['ㄴ', '네'], ['ㅇ', '요']]);
  await composer(junho.page).press('Enter');
  await expect(bodies(minji.page).last()).toHaveText('좋네요');
  await screenshot(junho.page, '31-chat-room');

  // Minji's DM shows Junho's unread reply count when she is elsewhere.
  await expect(minji.page.getByTestId('chat-conversation').filter({ hasText: '이준호' })).toBeVisible();

  // Junho goes away: Minji sees him offline.
  await junho.context.close();
  await minji.page.getByTestId('chat-conversation').filter({ hasText: '이준호' }).click();
  await expect(minji.page.getByTestId('chat-presence')).toHaveAttribute('data-online', 'false');
  await minji.context.close();
});
