import { ACCOUNTS } from './harness/accounts';
import { makePdf, makePng } from './harness/files';
import { expect, screenshot, signIn, test } from './harness/fixtures';

const TITLE = '3분기 전사 회의 안내 — 한글 제목 테스트';
const BODY = '## 회의 안내\n\n안녕하세요, **모두**에게 알립니다.\n\n- 일시: 10월 7일 (화) 오후 2시\n- 장소: 본사 3층 대회의실\n\n질문은 댓글로 남겨 주세요. 감사합니다!';
const IMAGE_NAME = '회의실 배치도.png';
const PDF_NAME = '3분기 보고서.pdf';

test('writes a post with an image and a PDF, edits it, comments and deletes it', async ({ page }) => {
  const png = makePng();
  const pdf = makePdf();
  await signIn(page, ACCOUNTS.employee);
  await screenshot(page, '02-home-empty');

  await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '자유게시판' }).click();
  await expect(page.getByText('아직 글이 없습니다.')).toBeVisible();
  await page.getByRole('link', { name: '글쓰기' }).click();
  await expect(page.getByRole('heading', { name: '새 글 쓰기' })).toBeVisible();

  // Korean typed key by key into the title, and as text into the body.
  await page.getByLabel('제목').pressSequentially(TITLE);
  await page.getByLabel('본문').fill(BODY);
  // … and the last word through real IME composition events (jamo by jamo, then committed).
  await page.keyboard.type(' ');
  const cdp = await page.context().newCDPSession(page);
  for (const steps of [['ㅎ', '화', '확'], ['ㅇ', '이', '인']]) {
    for (const step of steps) await cdp.send('Input.imeSetComposition', { text: step, selectionStart: step.length, selectionEnd: step.length });
    await cdp.send('Input.insertText', { text: steps[steps.length - 1] });
  }
  await expect(page.getByLabel('본문')).toHaveValue(`${BODY} 확인`);

  // A file that is too large or of a wrong type is refused before any upload.
  await page.getByLabel('파일 선택').setInputFiles({ name: 'virus.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from('MZ') });
  await expect(page.getByTestId('upload').filter({ hasText: 'virus.exe' })).toContainText('허용되지 않는 파일 형식');
  await page.getByRole('button', { name: 'virus.exe 빼기' }).click();

  // The image through the file picker …
  await page.getByLabel('파일 선택').setInputFiles({ name: IMAGE_NAME, mimeType: 'image/png', buffer: png });
  // … and the PDF by drag and drop.
  const dataTransfer = await page.evaluateHandle(({ bytes, name }) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(bytes)], name, { type: 'application/pdf' }));
    return dt;
  }, { bytes: [...pdf], name: PDF_NAME });
  await page.getByTestId('dropzone').dispatchEvent('drop', { dataTransfer });

  const uploads = page.getByTestId('upload');
  await expect(uploads).toHaveCount(2);
  await expect(uploads.filter({ hasText: IMAGE_NAME })).toHaveAttribute('data-status', 'done');
  await expect(uploads.filter({ hasText: PDF_NAME })).toHaveAttribute('data-status', 'done');

  await page.getByRole('tab', { name: '미리보기' }).click();
  await expect(page.getByTestId('preview').getByRole('heading', { name: '회의 안내' })).toBeVisible();
  await screenshot(page, '04-editor');
  await page.getByRole('tab', { name: '작성' }).click();

  await page.getByRole('button', { name: '등록' }).click();
  await expect(page).toHaveURL(/\/posts\/\d+$/);
  const postUrl = page.url();
  // The new post opens at its top, not at the editor's scroll position.
  await expect(page.getByTestId('post-title')).toBeInViewport();
  expect(await page.evaluate(() => window.scrollY)).toBe(0);

  // Title and body arrive intact (checked after a reload, i.e. as stored by the server).
  await page.reload();
  await expect(page.getByTestId('post-title')).toHaveText(TITLE);
  await expect(page.getByTestId('post-body').getByRole('heading', { name: '회의 안내' })).toBeVisible();
  await expect(page.getByTestId('post-body')).toContainText('안녕하세요, 모두에게 알립니다.');
  await expect(page.getByTestId('post-body')).toContainText('본사 3층 대회의실');
  await expect(page.getByTestId('post-body')).toContainText('감사합니다! 확인');

  // The image is shown inline through a presigned URL and actually decoded.
  const image = page.getByTestId('inline-image');
  await expect(image).toBeVisible();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(320);

  // The PDF is listed with its Korean name and size, and downloads under that name.
  const pdfButton = page.getByRole('button', { name: `${PDF_NAME} 내려받기` });
  await expect(pdfButton).toBeVisible();
  await expect(page.locator('.file-item')).toContainText(/\d+ (B|KB)/);
  const downloadPromise = page.waitForEvent('download');
  await pdfButton.click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe(PDF_NAME);
  const path = await download.path();
  const { readFileSync } = await import('node:fs');
  expect(readFileSync(path).equals(pdf)).toBe(true);
  await screenshot(page, '05-post');

  // Edit the title.
  await page.getByRole('link', { name: '수정' }).click();
  await expect(page.getByRole('heading', { name: '글 수정' })).toBeVisible();
  await expect(page.getByTestId('upload')).toHaveCount(2);
  await page.getByLabel('제목').fill(`${TITLE} (수정)`);
  await page.getByRole('button', { name: '저장', exact: true }).click();
  await expect(page).toHaveURL(postUrl);
  await expect(page.getByTestId('post-title')).toHaveText(`${TITLE} (수정)`);
  await expect(page.getByText('(수정됨)')).toBeVisible();

  // Comment in Korean.
  await page.getByLabel('댓글 쓰기').pressSequentially('좋은 정보 감사합니다 👍');
  await page.getByRole('button', { name: '댓글 등록' }).click();
  await expect(page.getByTestId('comment')).toHaveCount(1);
  await expect(page.getByTestId('comment')).toContainText('좋은 정보 감사합니다 👍');
  await expect(page.getByTestId('comment')).toContainText('김민지');
  await screenshot(page, '06-post-with-comment');

  // The board lists it, and search finds it.
  await page.getByRole('link', { name: '← 자유게시판' }).click();
  await expect(page.getByTestId('post-list')).toContainText(`${TITLE} (수정)`);
  await screenshot(page, '03-board');
  await page.getByRole('searchbox', { name: '게시글 검색' }).fill('대회의실');
  await page.getByRole('button', { name: '검색' }).click();
  await expect(page.getByTestId('post-list')).toContainText(TITLE);
  await page.getByRole('searchbox', { name: '게시글 검색' }).fill('존재하지않는검색어');
  await page.getByRole('button', { name: '검색' }).click();
  await expect(page.getByText(/검색 결과가 없습니다/)).toBeVisible();
  await screenshot(page, '03-board-search-empty', false);

  // Delete.
  await page.goto(postUrl);
  await page.getByRole('button', { name: '삭제' }).first().click();
  await page.getByRole('group', { name: '이 글을 삭제할까요?' }).getByRole('button', { name: '삭제' }).click();
  await expect(page).toHaveURL(/\/boards\/free$/);
  await expect(page.getByText('아직 글이 없습니다.')).toBeVisible();
  await page.goto(postUrl);
  await expect(page.getByRole('heading', { name: '페이지를 찾을 수 없습니다' })).toBeVisible();
});

test('warns about unsaved changes before leaving the editor', async ({ page }) => {
  await signIn(page, ACCOUNTS.employee, '/boards/free/new');
  await page.getByLabel('제목').fill('저장하지 않을 글');
  await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '홈' }).click();
  const dialog = page.getByRole('alertdialog', { name: '저장하지 않은 변경 사항' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: '계속 작성' }).click();
  await expect(page.getByLabel('제목')).toHaveValue('저장하지 않을 글');
  await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '홈' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: '나가기' }).click();
  await expect(page).toHaveURL(/\/$/);
});

test('the editor says why a post cannot be published yet, and cuts nothing silently', async ({ page }) => {
  await signIn(page, ACCOUNTS.employee, '/boards/free/new');
  await page.getByRole('button', { name: '등록' }).click();
  await expect(page.getByText('제목을 입력하세요.')).toBeVisible();
  const long = '가'.repeat(205);
  await page.getByLabel('제목').fill(long);
  await expect(page.getByLabel('제목')).toHaveValue(long);
  await expect(page.getByText('제목은 200자까지 쓸 수 있습니다.')).toBeVisible();
  await expect(page.getByText('205/200자')).toBeVisible();
  await page.getByRole('button', { name: '등록' }).click();
  await expect(page).toHaveURL(/\/boards\/free\/new$/);
});

const EDITOR_WORDS = {
  ko: { title: '제목', body: '본문', publish: '등록', choose: '파일 선택', remove: (name: string) => `${name} 빼기`,
    unattached: '첨부되지 않은 파일이 있습니다: virus.exe. 빼거나 다시 시도한 뒤 등록하세요.' },
  en: { title: 'Title', body: 'Body', publish: 'Publish', choose: 'Choose files', remove: (name: string) => `Remove ${name}`,
    unattached: 'Some files are not attached: virus.exe. Remove or retry them, then publish.' },
} as const;

for (const lang of ['ko', 'en'] as const) {
  test.describe(`the editor on a phone (375 px, ${lang})`, () => {
    test.use({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });

    test('a refused file left in the list stops publishing and says so; the new post opens at its top', async ({ page, request }) => {
      const W = EDITOR_WORDS[lang];
      await signIn(page, ACCOUNTS.employee);
      await page.evaluate((value) => localStorage.setItem('portal.lang', value), lang);
      await page.goto('/boards/free/new');
      const title = `첨부 확인 ${lang}`;
      await page.getByLabel(W.title, { exact: true }).fill(title);
      await page.getByLabel(W.body, { exact: true }).fill(Array.from({ length: 40 }, (_, i) => `${i + 1}번째 줄입니다.`).join('\n\n'));
      await page.getByLabel(W.choose).setInputFiles({ name: 'virus.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from('MZ') });
      await expect(page.getByTestId('upload').filter({ hasText: 'virus.exe' })).toHaveAttribute('data-status', 'invalid');

      // Left in the list, the refused file is not dropped without a word: nothing is published.
      await page.getByRole('button', { name: W.publish, exact: true }).click();
      await expect(page.getByTestId('unattached-files')).toHaveText(W.unattached);
      await expect(page).toHaveURL(/\/boards\/free\/new$/);
      expect(await page.evaluate(() => document.scrollingElement!.scrollWidth - document.scrollingElement!.clientWidth)).toBeLessThanOrEqual(0);
      await screenshot(page, `07c-editor-unattached-phone-${lang}`);

      // Removed, the post publishes, and opens at its title, not at the editor's scroll position.
      await page.getByRole('button', { name: W.remove('virus.exe') }).click();
      await expect(page.getByTestId('unattached-files')).toHaveCount(0);
      await page.getByRole('button', { name: W.publish, exact: true }).scrollIntoViewIfNeeded();
      expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(300);
      await page.getByRole('button', { name: W.publish, exact: true }).click();
      await expect(page).toHaveURL(/\/posts\/\d+$/);
      await expect(page.getByTestId('post-title')).toHaveText(title);
      await expect(page.getByTestId('post-title')).toBeInViewport();
      expect(await page.evaluate(() => window.scrollY)).toBe(0);
      await page.screenshot({ path: `e2e/screenshots/07d-published-top-phone-${lang}.png` });

      // The free board is left empty, as the other specs expect it.
      const login = await request.post('/api/auth/login', { data: { email: ACCOUNTS.employee.email, password: ACCOUNTS.employee.password } });
      const headers = { Authorization: `Bearer ${(await login.json()).access_token}` };
      const postId = new URL(page.url()).pathname.split('/').pop();
      expect((await request.delete(`/api/posts/${postId}`, { headers })).status()).toBe(204);
      await page.evaluate(() => localStorage.setItem('portal.lang', 'ko'));
    });
  });
}
