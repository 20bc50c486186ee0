import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { jsonResponse, renderWithApp, signedInFetch } from '@/testing/render';
import { PostList } from './post-list';

const post = (id: number) => ({
  id, board_id: 1, title: `글 ${id}`, excerpt: '', author: { id: 1, name: '김민지' },
  comment_count: 0, attachment_count: 0, view_count: 0, created_at: '2024-05-01T00:00:00Z', updated_at: '2024-05-01T00:00:00Z',
});

describe('PostList', () => {
  const fetchMock = signedInFetch();

  it('loads the next page with the keyset cursor and appends it', async () => {
    fetchMock
      .mockResolvedValueOnce(jsonResponse({ items: [post(3), post(2)], next_cursor: 'c2' }))
      .mockResolvedValueOnce(jsonResponse({ items: [post(1)], next_cursor: null }));
    renderWithApp(<PostList boardId={1} q="회의" />);
    expect(await screen.findByText('글 3')).toBeInTheDocument();
    const first = new URL((fetchMock.mock.calls[0][0] as Request).url);
    expect(first.searchParams.get('board_id')).toBe('1');
    expect(first.searchParams.get('q')).toBe('회의');
    expect(first.searchParams.get('cursor')).toBeNull();

    await userEvent.click(screen.getByRole('button', { name: '더 보기' }));
    expect(await screen.findByText('글 1')).toBeInTheDocument();
    expect(new URL((fetchMock.mock.calls[1][0] as Request).url).searchParams.get('cursor')).toBe('c2');
    expect(screen.getAllByRole('listitem')).toHaveLength(3);
    expect(screen.queryByRole('button', { name: '더 보기' })).not.toBeInTheDocument();
  });

  it('shows the empty state and the error state', async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse({ items: [], next_cursor: null }));
    const { unmount } = renderWithApp(<PostList boardId={1} q="" />);
    expect(await screen.findByText('아직 글이 없습니다.')).toBeInTheDocument();
    unmount();

    fetchMock.mockResolvedValueOnce(jsonResponse({ error: { code: 'not_found', message: 'no board' } }, 404));
    renderWithApp(<PostList boardId={9} q="" />);
    expect(await screen.findByRole('alert')).toHaveTextContent('찾을 수 없습니다.');
    expect(screen.getByRole('button', { name: '다시 시도' })).toBeInTheDocument();
  });
});
