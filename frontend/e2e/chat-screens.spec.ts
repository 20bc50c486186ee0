import { execFileSync } from 'node:child_process';
import { ACCOUNTS } from './harness/accounts';
import { expect, screenshot, signIn, test } from './harness/fixtures';

/** SQL on the browser tests' own database (the global setup names it): to move a message to yesterday. */
function sql(statement: string) {
  const url = new URL((process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres')
    .replace(/^postgres(ql)?(\+\w+)?:\/\//, 'postgresql://'));
  url.pathname = `/${process.env.E2E_DATABASE}`;
  execFileSync('psql', [url.toString(), '-v', 'ON_ERROR_STOP=1', '-q', '-c', statement], { stdio: ['ignore', 'ignore', 'inherit'] });
}

const ROOM_WORDS = {
  ko: { newRoom: '새 채팅방', roomName: '채팅방 이름', search: '이름 또는 이메일로 찾기', add: '이준호 추가', create: '만들기',
    composer: '메시지 입력', edit: '수정', editLabel: '메시지 수정', save: '저장', edited: '(수정됨)', delete: '삭제',
    deleted: '삭제된 메시지입니다.', back: '← 대화 목록', members: '2명', time: /^(오전|오후) \d{1,2}:\d{2}$/ },
  en: { newRoom: 'New room', roomName: 'Room name', search: 'Find by name or email', add: 'Add 이준호', create: 'Create',
    composer: 'Message', edit: 'Edit', editLabel: 'Edit message', save: 'Save', edited: '(edited)', delete: 'Delete',
    deleted: 'This message was deleted.', back: '← Conversations', members: '2 people', time: /^\d{1,2}:\d{2}\s(AM|PM)$/ },
} as const;

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

for (const lang of ['ko', 'en'] as const) {
  test.describe(`a room on a phone (375 px, ${lang})`, () => {
    test.use({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });

    test('days are separated, times compact, edit and delete at hand, the member count no unread badge', async ({ page }) => {
      const W = ROOM_WORDS[lang];
      const room = `점심 모임 ${lang}`;
      await signIn(page, ACCOUNTS.employee, '/chat');
      await page.evaluate((value) => localStorage.setItem('portal.lang', value), lang);
      await page.reload();
      await page.getByRole('button', { name: W.newRoom }).click();
      await page.getByLabel(W.roomName).fill(room);
      await page.getByRole('searchbox', { name: W.search }).fill('이준호');
      await page.getByRole('button', { name: W.add }).click();
      await page.getByRole('button', { name: W.create, exact: true }).click();
      await expect(page.getByTestId('chat-title')).toHaveText(room);
      // The room's name and size read on one line each, not a syllable a line beside the buttons.
      expect((await page.getByTestId('chat-title').boundingBox())!.height).toBeLessThan(40);
      expect((await page.locator('.chat-pane__sub').boundingBox())!.height).toBeLessThan(30);

      // The placeholder fits the empty composer on one line (measured in the composer's own font).
      const composer = page.getByRole('textbox', { name: W.composer });
      const fits = await composer.evaluate((el: HTMLTextAreaElement) => {
        const style = getComputedStyle(el);
        const context = document.createElement('canvas').getContext('2d')!;
        context.font = style.font;
        const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        return { text: context.measureText(el.placeholder).width, room };
      });
      expect(fits.text).toBeLessThanOrEqual(fits.room);

      // Yesterday's message and today's: one separator for each day.
      await composer.fill('어제 보낸 메시지');
      await composer.press('Enter');
      const first = page.getByTestId('chat-message').filter({ hasText: '어제 보낸 메시지' });
      await expect(first).toHaveAttribute('data-message-id', /\d+/);
      sql(`UPDATE messages SET created_at = created_at - interval '1 day' WHERE id = ${await first.getAttribute('data-message-id')}`);
      await page.reload();
      await composer.fill('오늘 보낸 메시지');
      await composer.press('Enter');
      await expect(page.getByTestId('chat-message-body')).toHaveText(['어제 보낸 메시지', '오늘 보낸 메시지']);
      await expect(page.getByTestId('chat-day')).toHaveCount(2);
      // Under a day's separator a message shows its time only, not the date again.
      for (const time of await page.locator('.chat-message__meta time').allInnerTexts()) expect(time).toMatch(W.time);

      // Edit and delete are there to tap on a phone, not behind a hover.
      const todayId = await page.getByTestId('chat-message').filter({ hasText: '오늘 보낸 메시지' }).getAttribute('data-message-id');
      const today = page.locator(`[data-message-id="${todayId}"]`);
      await expect(today.getByRole('button', { name: W.edit, exact: true })).toBeVisible();
      await expect(today.getByRole('button', { name: W.delete, exact: true })).toBeVisible();
      await today.getByRole('button', { name: W.edit, exact: true }).tap();
      await today.getByRole('textbox', { name: W.editLabel }).fill('오늘 고친 메시지');
      // The edit box and its buttons fit inside the conversation, nothing cut off at the right.
      const inside = await page.getByTestId('chat-scroll').evaluate((el) => el.getBoundingClientRect().right - parseFloat(getComputedStyle(el).paddingRight));
      for (const part of [today.locator('.chat-message__bubble'), today.locator('.chat-message__meta')]) {
        const box = (await part.boundingBox())!;
        expect(box.x + box.width).toBeLessThanOrEqual(inside + 0.5);
      }
      await screenshot(page, `34b-mobile-chat-editing-${lang}`, false);
      await today.getByRole('button', { name: W.save, exact: true }).tap();
      await expect(page.getByTestId('chat-message-body').last()).toHaveText('오늘 고친 메시지');
      await expect(page.getByTestId('chat-message').last()).toContainText(W.edited);
      page.once('dialog', (dialog) => void dialog.accept());
      await first.getByRole('button', { name: W.delete, exact: true }).tap();
      await expect(page.getByTestId('chat-message').first().getByTestId('chat-message-deleted')).toHaveText(W.deleted);
      expect(await page.evaluate(() => document.scrollingElement!.scrollWidth - document.scrollingElement!.clientWidth)).toBeLessThanOrEqual(0);
      await screenshot(page, `34-mobile-chat-room-${lang}`);

      // In the list, the room's size reads as plain text beside its name, not as a red unread count.
      await page.getByRole('link', { name: W.back }).click();
      const row = page.getByTestId('chat-conversation').filter({ hasText: room });
      const members = row.locator('.chat-list__members');
      await expect(members).toHaveText(W.members);
      await expect(row.getByTestId('chat-unread')).toHaveCount(0);
      const looks = await members.evaluate((el) => {
        const style = getComputedStyle(el);
        return { background: style.backgroundColor, color: style.color, weight: style.fontWeight };
      });
      expect(looks.background).toBe('rgba(0, 0, 0, 0)');
      expect(looks.color).not.toBe('rgb(255, 255, 255)');
      expect(Number(looks.weight)).toBeLessThan(600);
      await screenshot(page, `35-mobile-chat-list-room-${lang}`);
      await page.evaluate(() => localStorage.setItem('portal.lang', 'ko'));
    });
  });
}

test('chat at desktop width: the list beside the conversation, no back link', async ({ page }) => {
  await signIn(page, ACCOUNTS.employee, '/chat');
  await page.getByTestId('chat-conversation').filter({ hasText: '관리자' }).click();
  await expect(page.getByTestId('chat-day')).toHaveCount(1);
  await expect(page.getByRole('link', { name: '← 대화 목록' })).toBeHidden();
  await screenshot(page, '33-chat-desktop-ko');
});
