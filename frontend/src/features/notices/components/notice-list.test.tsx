import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { session } from '@/lib/api/session';
import { jsonResponse, renderWithApp } from '@/testing/render';
import { NoticeList } from './notice-list';

const base = { post_id: 10, scope: 'site', board_id: 1, created_at: '2024-05-01T00:00:00Z', author: { id: 1, name: '관리자' } };

describe('NoticeList', () => {
  const fetchMock = vi.fn<typeof fetch>();
  beforeEach(() => {
    vi.stubGlobal('fetch', fetchMock);
    fetchMock.mockReset();
    session.signIn({ access_token: 't', user: { id: 2, email: 'e@b.kr', name: '직원', role: 'employee' } });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('highlights a required-read notice until it is confirmed', async () => {
    let acked = false;
    fetchMock.mockImplementation(async (input) => {
      const request = input as Request;
      if (request.method === 'POST' && request.url.endsWith('/api/notices/5/ack')) {
        acked = true;
        return new Response(null, { status: 204 });
      }
      return jsonResponse({ items: [
        { ...base, id: 5, title: '필독 공지', requires_ack: true, acked },
        { ...base, id: 6, title: '일반 공지', requires_ack: false, acked: false },
      ] });
    });
    renderWithApp(<NoticeList />);

    const items = await screen.findAllByTestId('notice');
    expect(items[0]).toHaveClass('notice--pending');
    expect(items[1]).not.toHaveClass('notice--pending');
    expect(within(items[1]).queryByRole('button')).not.toBeInTheDocument();

    await userEvent.click(within(items[0]).getByRole('button', { name: '확인했습니다' }));
    await waitFor(() => expect(screen.getAllByTestId('notice')[0]).toHaveAttribute('data-acked', 'true'));
    expect(screen.getAllByTestId('notice')[0]).not.toHaveClass('notice--pending');
    expect(within(screen.getAllByTestId('notice')[0]).getByText('확인함')).toBeInTheDocument();
  });
});
