import { screen, within } from '@testing-library/react';
import { jsonResponse, renderWithApp, signedInFetch } from '@/testing/render';
import { NoticeList } from './notice-list';

const base = { post_id: 10, scope: 'site', board_id: 1, created_at: '2024-05-01T00:00:00Z', author: { id: 1, name: '관리자' } };

describe('NoticeList', () => {
  const fetchMock = signedInFetch({ id: 2, email: 'e@b.kr', name: '직원', role: 'employee' as const, password_change_required: false });

  it('highlights a required-read notice and sends the reader to its page to confirm', async () => {
    fetchMock.mockImplementation(async () => jsonResponse({ items: [
      { ...base, id: 5, title: '필독 공지', requires_ack: true, acked: false },
      { ...base, id: 6, title: '일반 공지', requires_ack: false, acked: false },
      { ...base, id: 7, post_id: 11, title: '확인한 공지', requires_ack: true, acked: true },
    ] }));
    renderWithApp(<NoticeList />);

    const items = await screen.findAllByTestId('notice');
    expect(items[0]).toHaveClass('notice--pending');
    expect(items[1]).not.toHaveClass('notice--pending');
    expect(items[2]).not.toHaveClass('notice--pending');
    expect(within(items[2]).getByText('확인함')).toBeInTheDocument();
    // Confirming happens on the notice's page, after opening it: no confirm button here.
    expect(screen.queryByRole('button', { name: '확인했습니다' })).not.toBeInTheDocument();
    expect(within(items[0]).getByRole('link', { name: '읽고 확인하기' })).toHaveAttribute('href', '/posts/10');
  });
});
