import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { jsonResponse, renderWithApp, signedInFetch } from '@/testing/render';
import { MarkdownEditor } from './markdown-editor';

function Editor({ initial }: { initial: string }) {
  const [value, setValue] = useState(initial);
  return <MarkdownEditor value={value} onChange={setValue} />;
}

describe('MarkdownEditor preview', () => {
  const fetchMock = signedInFetch();

  it('shows the server rendering, asked for once after typing pauses', async () => {
    fetchMock.mockImplementation(async () => jsonResponse({ body_html: '<h2>서버가 만든 제목</h2><p>&lt;u&gt;x&lt;/u&gt;</p>' }));
    renderWithApp(<Editor initial="## 제목" />);
    await userEvent.type(screen.getByLabelText('본문'), ' 더');
    await userEvent.click(screen.getByRole('tab', { name: '미리보기' }));
    expect(await screen.findByRole('heading', { name: '서버가 만든 제목' })).toBeInTheDocument();
    expect(screen.getByTestId('preview')).toHaveTextContent('<u>x</u>');
    const previews = fetchMock.mock.calls.map(([request]) => request as Request).filter((r) => r.url.endsWith('/api/posts/preview'));
    expect(previews).toHaveLength(1);  // not once per keystroke
    expect(await previews[0].json()).toEqual({ body: '## 제목 더' });
  });

  it('asks nothing while writing, and says when there is nothing to preview', async () => {
    renderWithApp(<Editor initial="   " />);
    await userEvent.click(screen.getByRole('tab', { name: '미리보기' }));
    expect(screen.getByTestId('preview')).toHaveTextContent('미리 볼 내용이 없습니다.');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('never shows script the server would not', async () => {
    fetchMock.mockImplementation(async () => jsonResponse({ body_html: '<p>ok<img src=x onerror="alert(1)"></p>' }));
    renderWithApp(<Editor initial="ok" />);
    await userEvent.click(screen.getByRole('tab', { name: '미리보기' }));
    await waitFor(() => expect(screen.getByTestId('preview')).toHaveTextContent('ok'));
    expect(screen.getByTestId('preview').innerHTML).not.toContain('onerror');
  });
});
