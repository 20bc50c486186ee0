import type { Browser, Page } from '@playwright/test';
import { ACCOUNTS } from './harness/accounts';
import { expect, screenshot, signIn, test } from './harness/fixtures';

/**
 * Two people, two browser contexts: 이준호 mentions 김민지 (through the people picker) in a
 * comment on her post; her bell lights up live, the tab title counts it, and the notification
 * leads to the post, where it is read.
 */
const WORDS = {
  ko: { bell: /^알림, 읽지 않음/, panel: '알림', markAll: '모두 읽음', mention: '사람 언급', search: '언급할 사람 검색',
    pick: '김민지 언급', comment: '댓글 쓰기', submit: '댓글 등록', mentioned: '이준호님이 나를 언급했습니다' },
  en: { bell: /^Notifications, \d+ unread/, panel: 'Notifications', markAll: 'Mark all read', mention: 'Mention',
    search: 'Search people to mention', pick: 'Mention 김민지', comment: 'Write a comment', submit: 'Post comment',
    mentioned: '이준호 mentioned you' },
} as const;

async function person(browser: Browser, baseURL: string, account: typeof ACCOUNTS.employee | typeof ACCOUNTS.other,
  viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ baseURL, viewport, locale: 'ko-KR', timezoneId: 'Asia/Seoul' });
  const page = await context.newPage();
  await signIn(page, account);
  return page;
}

async function inLanguage(page: Page, lang: 'ko' | 'en', path: string) {
  await page.evaluate((value) => localStorage.setItem('portal.lang', value), lang);
  await page.goto(path);
}

for (const viewport of [{ width: 1280, height: 900 }, { width: 375, height: 740 }]) {
  for (const lang of ['ko', 'en'] as const) {
    test(`a mention reaches the bell live and leads to the post (${lang}, ${viewport.width} px)`, async ({ browser, baseURL }) => {
      const W = WORDS[lang];
      const minji = await person(browser, baseURL as string, ACCOUNTS.employee, viewport);
      const junho = await person(browser, baseURL as string, ACCOUNTS.other, viewport);

      // 김민지 writes a post (in Korean, then the UI switches language).
      await minji.goto('/boards/free/new');
      await minji.getByLabel('제목').fill(`알림 확인용 글 ${lang} ${viewport.width}`);
      await minji.getByLabel('본문').fill('의견 주세요.');
      await minji.getByRole('button', { name: '등록' }).click();
      await expect(minji).toHaveURL(/\/posts\/\d+$/);
      const postPath = new URL(minji.url()).pathname;
      await inLanguage(minji, lang, '/');
      const bell = minji.getByTestId('notification-bell');
      await expect(bell).toHaveAccessibleName(W.bell);
      // Start from nothing unread.
      await bell.click();
      const panel = minji.getByRole('region', { name: W.panel });
      await expect(panel).toBeVisible();
      const markAll = panel.getByRole('button', { name: W.markAll });
      if (await markAll.isEnabled()) await markAll.click();
      await expect(minji.getByTestId('notification-badge')).toHaveCount(0);
      await bell.click();

      // 이준호 mentions her with the people picker in a comment.
      await inLanguage(junho, lang, postPath);
      await junho.getByRole('button', { name: W.mention }).click();
      await junho.getByRole('searchbox', { name: W.search }).fill('김민지');
      await junho.getByRole('button', { name: W.pick }).click();
      const commentBox = junho.getByLabel(W.comment);
      await expect(commentBox).toHaveValue('@김민지 ');
      await commentBox.pressSequentially('확인했습니다');
      await junho.getByRole('button', { name: W.submit }).click();
      await expect(junho.getByTestId('comment').last()).toContainText('@김민지 확인했습니다');

      // Her bell shows it at once, without a reload, and so does the tab title.
      await expect(minji.getByTestId('notification-badge')).toHaveText('1');
      await expect(minji).toHaveTitle(/^\(1\) /);
      await bell.click();
      const item = panel.getByTestId('notification-item').first();
      await expect(item).toContainText(W.mentioned);
      await expect(item).toContainText('@김민지 확인했습니다');
      const overflow = await minji.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      const box = await panel.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= viewport.width).toBe(true);
      await minji.screenshot({ path: `e2e/screenshots/70-notifications-${lang}-${viewport.width}.png` });

      // It leads to the post, and is read there.
      await item.getByRole('link').click();
      await expect(minji).toHaveURL(new RegExp(`${postPath}#comment-\\d+$`));
      await expect(minji.getByTestId('notification-badge')).toHaveCount(0);
      await expect(minji).not.toHaveTitle(/^\(/);
      await screenshot(junho, `71-mention-picker-${lang}-${viewport.width}`);
      // Leave the board as it was (later specs start from an empty board).
      await inLanguage(minji, 'ko', postPath);
      await minji.getByRole('button', { name: '삭제' }).first().click();
      await minji.getByRole('group', { name: '이 글을 삭제할까요?' }).getByRole('button', { name: '삭제' }).click();
      await expect(minji).not.toHaveURL(/\/posts\//);
      await minji.context().close();
      await junho.context().close();
    });
  }
}
