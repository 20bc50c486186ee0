import type { APIRequestContext, Browser, Page } from '@playwright/test';
import { ACCOUNTS, type Account } from './harness/accounts';
import { expect, screenshot, signIn, test } from './harness/fixtures';

/**
 * Every kind of notification reaches 김민지's bell while she has the portal open, without a reload:
 * a comment on her post, a reply in a thread she commented on, @mentions in a post and in a chat
 * room (both through the people picker), a DM and a new notice she must confirm. The badge and the
 * tab title count them; what she opens is read for her only.
 */
const WORDS = {
  ko: {
    comment: '이준호님이 내 글에 댓글을 남겼습니다', reply: '관리자님이 내가 댓글을 단 글에 댓글을 남겼습니다',
    mention: '이준호님이 나를 언급했습니다', dm: '이준호님이 메시지를 보냈습니다', notice: '확인이 필요한 새 공지가 있습니다',
    panel: '알림', mentionButton: '사람 언급', search: '언급할 사람 검색', pick: '김민지 언급',
    title: '제목', body: '본문', publish: '등록', composer: '메시지 입력',
  },
  en: {
    comment: '이준호 commented on your post', reply: '관리자 replied in a thread you commented on',
    mention: '이준호 mentioned you', dm: '이준호 sent you a message', notice: 'A new notice needs your confirmation',
    panel: 'Notifications', mentionButton: 'Mention', search: 'Search people to mention', pick: 'Mention 김민지',
    title: 'Title', body: 'Body', publish: 'Publish', composer: 'Message',
  },
} as const;

type Headers = { Authorization: string };

async function headersOf(request: APIRequestContext, account: Account): Promise<Headers> {
  const response = await request.post('/api/auth/login', { data: { email: account.email, password: account.password } });
  expect(response.ok()).toBeTruthy();
  return { Authorization: `Bearer ${(await response.json()).access_token}` };
}

async function created(response: Promise<import('@playwright/test').APIResponse>): Promise<{ id: number; post_id?: number }> {
  const answer = await response;
  expect([200, 201], await answer.text()).toContain(answer.status());
  return answer.json();
}

async function person(browser: Browser, baseURL: string, account: Account, viewport: { width: number; height: number },
  lang: 'ko' | 'en'): Promise<Page> {
  const context = await browser.newContext({ baseURL, viewport, locale: 'ko-KR', timezoneId: 'Asia/Seoul' });
  const page = await context.newPage();
  await signIn(page, account);
  await page.evaluate((value) => localStorage.setItem('portal.lang', value), lang);
  return page;
}

for (const [viewport, lang] of [[{ width: 1280, height: 900 }, 'ko'], [{ width: 375, height: 740 }, 'en']] as const) {
  test(`every kind of notification reaches the bell live (${lang}, ${viewport.width} px)`, async ({ browser, baseURL, request }) => {
    test.setTimeout(120_000);
    const W = WORDS[lang];
    const [minjiApi, junhoApi, adminApi] = [await headersOf(request, ACCOUNTS.employee), await headersOf(request, ACCOUNTS.other),
      await headersOf(request, ACCOUNTS.admin)];
    const boards = (await (await request.get('/api/boards', { headers: adminApi })).json()).items as { id: number; slug: string }[];
    const [free, noticeBoard] = ['free', 'notice'].map((slug) => boards.find((b) => b.slug === slug)!.id);
    const minjiId = (await (await request.get('/api/admin/users', { headers: adminApi, params: { q: ACCOUNTS.employee.email } })).json()).items[0].id;
    const posts: number[] = [];

    // 김민지 has the portal open, nothing unread.
    await request.post('/api/notifications/read-all', { headers: minjiApi, data: {} });
    const minji = await person(browser, baseURL as string, ACCOUNTS.employee, viewport, lang);
    await minji.goto('/');
    await expect(minji.getByTestId('notification-badge')).toHaveCount(0);
    const junho = await person(browser, baseURL as string, ACCOUNTS.other, viewport, lang);

    // A comment on her post.
    const hers = await created(request.post('/api/posts', { headers: minjiApi, data: { board_id: free, title: `내 글 ${lang}`, body: '의견 주세요.' } }));
    posts.push(hers.id);
    await created(request.post(`/api/posts/${hers.id}/comments`, { headers: junhoApi, data: { body: '좋은 글이네요.' } }));
    // A reply in a thread she commented on.
    const his = await created(request.post('/api/posts', { headers: junhoApi, data: { board_id: free, title: `준호 글 ${lang}`, body: '점심 메뉴 투표' } }));
    posts.push(his.id);
    await created(request.post(`/api/posts/${his.id}/comments`, { headers: minjiApi, data: { body: '비빔밥이요.' } }));
    await created(request.post(`/api/posts/${his.id}/comments`, { headers: adminApi, data: { body: '저도 비빔밥입니다.' } }));

    // A mention in a post, through the editor's people picker.
    await junho.goto('/boards/free/new');
    await junho.getByLabel(W.title, { exact: true }).fill(`언급 글 ${lang}`);
    await junho.getByRole('button', { name: W.mentionButton }).click();
    await junho.getByRole('searchbox', { name: W.search }).fill('김민지');
    await junho.getByRole('button', { name: W.pick }).click();
    await expect(junho.getByLabel(W.body, { exact: true })).toHaveValue('@김민지 ');
    await junho.getByLabel(W.body, { exact: true }).pressSequentially('확인 부탁드려요');
    await junho.getByRole('button', { name: W.publish, exact: true }).click();
    await expect(junho).toHaveURL(/\/posts\/\d+$/);
    posts.push(Number(new URL(junho.url()).pathname.split('/').pop()));

    // A mention in a chat room, through the composer's people picker.
    const room = await created(request.post('/api/chat/rooms', { headers: junhoApi, data: { name: `알림 방 ${lang}`, member_ids: [minjiId] } }));
    await junho.goto(`/chat/${room.id}`);
    await junho.getByRole('button', { name: W.mentionButton }).click();
    await junho.getByRole('searchbox', { name: W.search }).fill('김민지');
    await junho.getByRole('button', { name: W.pick }).click();
    const composer = junho.getByRole('textbox', { name: W.composer });
    await expect(composer).toHaveValue('@김민지 ');
    await composer.pressSequentially('회의실 예약했어요');
    await composer.press('Enter');
    await expect(junho.getByTestId('chat-message-body').last()).toHaveText('@김민지 회의실 예약했어요');

    // A DM, and a notice everyone must confirm.
    const dm = await created(request.post('/api/chat/dm', { headers: junhoApi, data: { user_id: minjiId } }));
    await created(request.post(`/api/chat/conversations/${dm.id}/messages`, { headers: junhoApi, data: { body: `잠깐 통화 가능하세요? ${lang}`, client_id: `kinds-${lang}-${Date.now()}` } }));
    const notice = await created(request.post('/api/admin/notices', { headers: adminApi,
      data: { board_id: noticeBoard, title: `[필독] 알림 점검 ${lang}`, body: '확인해 주세요.', requires_ack: true } }));
    posts.push(notice.post_id!);

    // All six arrive without a reload: the badge, the tab title and the list.
    await expect(minji.getByTestId('notification-badge')).toHaveText('6');
    await expect(minji).toHaveTitle(/^\(6\) /);
    await minji.getByTestId('notification-bell').click();
    const panel = minji.getByRole('region', { name: W.panel });
    // Earlier runs' notifications are listed too, read: count what is unread.
    const items = panel.locator('[data-testid="notification-item"].bell__item--unread');
    await expect(items).toHaveCount(6);
    await expect(items.filter({ hasText: W.comment })).toHaveCount(1);
    await expect(items.filter({ hasText: W.reply })).toHaveCount(1);
    await expect(items.filter({ hasText: W.mention })).toHaveCount(2);
    await expect(items.filter({ hasText: W.dm })).toHaveCount(1);
    await expect(items.filter({ hasText: W.notice })).toHaveCount(1);
    const overflow = await minji.evaluate(() => document.scrollingElement!.scrollWidth - document.scrollingElement!.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await minji.screenshot({ path: `e2e/screenshots/72-notification-kinds-${lang}-${viewport.width}.png` });

    // The DM's notification opens the conversation and is read, for her only.
    const junhoBefore = (await (await request.get('/api/notifications/unread-count', { headers: junhoApi })).json()).count;
    await items.filter({ hasText: W.dm }).getByRole('link').click();
    await expect(minji).toHaveURL(new RegExp(`/chat/${dm.id}$`));
    await expect(minji.getByTestId('notification-badge')).toHaveText('5');
    await expect(minji).toHaveTitle(/^\(5\) /);
    expect((await (await request.get('/api/notifications/unread-count', { headers: junhoApi })).json()).count).toBe(junhoBefore);

    // Left as found: the posts gone (the free board empty for later specs), nothing unread.
    for (const id of posts) expect((await request.delete(`/api/posts/${id}`, { headers: adminApi })).status()).toBe(204);
    for (const headers of [minjiApi, junhoApi]) await request.post('/api/notifications/read-all', { headers, data: {} });
    await minji.context().close();
    await junho.context().close();
  });
}
