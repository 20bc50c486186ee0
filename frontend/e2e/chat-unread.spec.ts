import type { APIRequestContext } from '@playwright/test';
import { ACCOUNTS, type Account } from './harness/accounts';
import { expect, screenshot, signIn, test } from './harness/fixtures';

/**
 * The 채팅 link in the navigation counts the conversations with messages 김민지 has not read, on any
 * screen and without a reload (the portal's socket), and stops counting one once she opens it.
 */
async function headersOf(request: APIRequestContext, account: Account) {
  const response = await request.post('/api/auth/login', { data: { email: account.email, password: account.password } });
  expect(response.ok()).toBeTruthy();
  return { Authorization: `Bearer ${(await response.json()).access_token}` };
}

const WORDS = {
  ko: { chat: '채팅', menu: '메뉴', unread: (n: number) => `읽지 않은 대화 ${n}개` },
  en: { chat: 'Chat', menu: 'Menu', unread: (n: number) => `${n} unread conversations` },
} as const;

for (const [viewport, lang] of [[{ width: 1280, height: 800 }, 'ko'], [{ width: 375, height: 740 }, 'en']] as const) {
  test(`the chat link counts unread conversations live (${lang}, ${viewport.width} px)`, async ({ page, request }) => {
    const W = WORDS[lang];
    const junho = await headersOf(request, ACCOUNTS.other);
    const minjiId = (await (await request.get('/api/people', { headers: junho, params: { q: ACCOUNTS.employee.email } })).json()).items[0].id;
    const room = await (await request.post('/api/chat/rooms', { headers: junho, data: { name: `안 읽은 방 ${lang}`, member_ids: [minjiId] } })).json();
    const say = async (body: string) => expect((await request.post(`/api/chat/conversations/${room.id}/messages`,
      { headers: junho, data: { body, client_id: `unread-${lang}-${Date.now()}-${Math.random()}` } })).status()).toBe(201);

    await page.setViewportSize(viewport);
    await signIn(page, ACCOUNTS.employee);
    await page.evaluate((value) => localStorage.setItem('portal.lang', value), lang);
    await page.goto('/');
    const nav = page.getByRole('navigation').first();
    if (viewport.width < 760) await page.getByRole('button', { name: W.menu }).click();
    const badge = nav.getByRole('link', { name: new RegExp(`^${W.chat}`) }).getByTestId('chat-unread');
    // Whatever the room said before she opened the portal, she reads first.
    await page.goto(`/chat/${room.id}`);
    await expect(badge).toHaveCount(0);
    await page.goto('/');
    if (viewport.width < 760) await page.getByRole('button', { name: W.menu }).click();

    await say('회의실 바뀌었어요');
    await expect(badge).toHaveText('1');
    await expect(badge).toHaveAttribute('aria-label', W.unread(1));
    await say('3층 대회의실입니다'); // the same conversation: still one
    await expect(badge).toHaveText('1');
    await screenshot(page, `75-chat-unread-${lang}-${viewport.width}`, false);

    await nav.getByRole('link', { name: new RegExp(`^${W.chat}`) }).click();
    await page.getByRole('link', { name: new RegExp(`안 읽은 방 ${lang}`) }).first().click();
    await expect(page.getByTestId('chat-scroll').getByText('3층 대회의실입니다')).toBeVisible();
    await expect(badge).toHaveCount(0);
    await page.evaluate(() => localStorage.setItem('portal.lang', 'ko'));
    expect((await request.post(`/api/chat/rooms/${room.id}/leave`, { headers: junho })).status()).toBe(204);
  });
}
