import type { APIRequestContext, Page } from '@playwright/test';
import { ACCOUNTS, type Account } from './harness/accounts';
import { expect, screenshot, signIn, test } from './harness/fixtures';
import { typeKorean } from './harness/ime';

/**
 * Search everywhere: the header's box (Korean typed through an IME), the results of every scope
 * with the matched words marked, and the filters by board, date and author. The spec writes its
 * own post, comment and message through the API and removes them, so the boards stay as found.
 */
async function token(request: APIRequestContext, account: Account) {
  const response = await request.post('/api/auth/login', { data: { email: account.email, password: account.password } });
  expect(response.ok()).toBeTruthy();
  return { Authorization: `Bearer ${(await response.json()).access_token}` };
}

type Written = { postId: number; messageId: number; cleanUp: () => Promise<void> };

/** 이준호 writes a post about the workshop, comments on it, and sends 김민지 a DM about it. */
async function writeAboutTheWorkshop(request: APIRequestContext): Promise<Written> {
  const his = await token(request, ACCOUNTS.other);
  const boards = (await (await request.get('/api/boards', { headers: his })).json()).items as { id: number; slug: string }[];
  const free = boards.find((b) => b.slug === 'free') as { id: number };
  const post = await request.post('/api/posts', { headers: his, data: { board_id: free.id, title: '하반기 워크숍 안내',
    body: '## 일정\n\n12월 워크숍은 본사 대회의실에서 열립니다. 참석 여부를 알려 주세요.' } });
  expect(post.status()).toBe(201);
  const postId = (await post.json()).id as number;
  expect((await request.post(`/api/posts/${postId}/comments`, { headers: his, data: { body: '워크숍 발표 자료는 금요일까지 올리겠습니다.' } })).status()).toBe(201);
  const people = (await (await request.get('/api/people', { headers: his, params: { q: ACCOUNTS.employee.email } })).json()).items;
  const dm = await (await request.post('/api/chat/dm', { headers: his, data: { user_id: people[0].id } })).json();
  const message = await request.post(`/api/chat/conversations/${dm.id}/messages`, { headers: his,
    data: { body: '워크숍 자료 먼저 공유드려요', client_id: `search-e2e-${Date.now()}` } });
  expect(message.status()).toBe(201);
  const messageId = (await message.json()).id as number;
  return {
    postId,
    messageId,
    cleanUp: async () => {
      expect((await request.delete(`/api/posts/${postId}`, { headers: his })).status()).toBe(204);
      expect((await request.delete(`/api/chat/messages/${messageId}`, { headers: his })).status()).toBe(204);
    },
  };
}

const WORKSHOP = [['ㅇ', '우', '워'], ['ㅋ', '크'], ['ㅅ', '스', '숍']];
const results = (page: Page) => page.getByTestId('search-results').locator('li');
const marks = (page: Page) => page.getByTestId('search-results').locator('mark');

async function noSidewaysScroll(page: Page, what: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${what} scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(0);
}

test.describe.configure({ mode: 'serial' });

test('the header box finds posts, comments, people and my messages, marked and filtered', async ({ page, request }) => {
  const written = await writeAboutTheWorkshop(request);
  try {
    await signIn(page, ACCOUNTS.employee);
    const box = page.getByRole('searchbox', { name: '포털 검색' });
    await box.click();
    // The Enter that ends the last syllable is not a search: the box waits for the whole word.
    await typeKorean(await page.context().newCDPSession(page), WORKSHOP, true);
    await expect(box).toHaveValue('워크숍');
    await expect(page).not.toHaveURL(/\/search/);
    await box.press('Enter');
    await expect(page).toHaveURL(/\/search\?q=%EC%9B%8C%ED%81%AC%EC%88%8D$/);
    await expect(page).toHaveTitle(/‘워크숍’ 검색/);

    // Posts: the title and the body around the match, the match marked.
    await expect(results(page)).toHaveCount(1);
    await expect(results(page).getByRole('link')).toHaveText('하반기 워크숍 안내');
    await expect(results(page)).toContainText('12월 워크숍은 본사 대회의실에서 열립니다.');
    await expect(marks(page)).toHaveText(['워크숍', '워크숍']);
    await screenshot(page, '70-search-posts');

    await page.getByRole('group', { name: '찾을 곳' }).getByRole('button', { name: '댓글' }).click();
    await expect(page).toHaveURL(/scope=comments/);
    await expect(results(page)).toContainText('워크숍 발표 자료는 금요일까지 올리겠습니다.');
    await expect(results(page).getByRole('link')).toHaveText('하반기 워크숍 안내'); // the post it is on

    await page.getByRole('group', { name: '찾을 곳' }).getByRole('button', { name: '메시지' }).click();
    await expect(results(page)).toHaveCount(1);
    await expect(results(page).getByRole('link')).toHaveText('이준호'); // a DM is named by the other person
    await expect(marks(page)).toHaveText(['워크숍']);
    await screenshot(page, '71-search-messages');
    await results(page).getByRole('link').click();
    await expect(page).toHaveURL(/\/chat\/\d+$/);
    await expect(page.getByTestId('chat-scroll').getByText('워크숍 자료 먼저 공유드려요')).toBeVisible();

    // People: by part of a name; the person's page opens.
    await page.goto('/search?q=%EC%A4%80%ED%98%B8&scope=people');
    await expect(results(page).getByRole('link')).toHaveText('이준호');
    await expect(marks(page).first()).toHaveText('준호');
    await results(page).getByRole('link').click();
    await expect(page.getByTestId('profile').getByRole('heading', { name: '이준호' })).toBeVisible();

    // Filters: the board, the days (in Korean time) and the author, each in the address.
    await page.goto('/search?q=%EC%9B%8C%ED%81%AC%EC%88%8D');
    await page.getByRole('combobox', { name: '게시판' }).selectOption({ label: '공지사항' });
    await expect(page.getByText('‘워크숍’에 대한 검색 결과가 없습니다.')).toBeVisible();
    await page.getByRole('combobox', { name: '게시판' }).selectOption({ label: '자유게시판' });
    await expect(results(page)).toHaveCount(1);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul' }).format(new Date());
    await page.getByLabel('시작일').fill(today);
    await page.getByLabel('종료일').fill(today);
    await expect(page).toHaveURL(new RegExp(`from=${today}&to=${today}`));
    await expect(results(page)).toHaveCount(1);
    await page.getByLabel('시작일').fill('2020-01-01');
    await page.getByLabel('종료일').fill('2020-12-31');
    await expect(page.getByText('‘워크숍’에 대한 검색 결과가 없습니다.')).toBeVisible();
    await page.getByLabel('시작일').fill('');
    await page.getByLabel('종료일').fill('');
    await results(page).getByRole('button', { name: '이준호' }).click();
    await expect(page.getByTestId('author-filter')).toHaveText(/작성자: 이준호/);
    await expect(results(page)).toHaveCount(1);
    await screenshot(page, '72-search-filters');
    await page.getByTestId('author-filter').getByRole('button', { name: '조건 지우기' }).click();
    await expect(page.getByTestId('author-filter')).toHaveCount(0);
  } finally {
    await written.cleanUp();
  }
});

test.describe('in English at 375 px', () => {
  test.use({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });

  test('the box in the phone menu, and the results fit the screen', async ({ page, request }) => {
    const written = await writeAboutTheWorkshop(request);
    try {
      await signIn(page, ACCOUNTS.employee);
      await page.evaluate(() => localStorage.setItem('portal.lang', 'en'));
      await page.reload();
      await page.getByRole('button', { name: 'Menu' }).click();
      await page.getByRole('searchbox', { name: 'Search the portal' }).fill('워크숍');
      await page.getByRole('button', { name: 'Find' }).click();
      await expect(page.getByRole('heading', { name: 'Search', level: 1 })).toBeVisible();
      await expect(results(page)).toHaveCount(1);
      await expect(marks(page)).toHaveText(['워크숍', '워크숍']);
      await noSidewaysScroll(page, '/search');
      await screenshot(page, '73-mobile-search-en');
      await page.getByRole('group', { name: 'Where to look' }).getByRole('button', { name: 'Comments' }).click();
      await expect(results(page)).toContainText('Comment on');
      await noSidewaysScroll(page, '/search comments');
      await page.goto('/search?q=%EC%97%86%EB%8A%94%EB%A7%90');
      await expect(page.getByText('Nothing found for “없는말”.')).toBeVisible();
      await screenshot(page, '74-mobile-search-none-en');
    } finally {
      await page.evaluate(() => localStorage.setItem('portal.lang', 'ko'));
      await written.cleanUp();
    }
  });
});
