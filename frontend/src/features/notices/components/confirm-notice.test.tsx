import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithApp, signedInFetch } from '@/testing/render';
import { ConfirmNotice } from './confirm-notice';

describe('ConfirmNotice', () => {
  const fetchMock = signedInFetch({ id: 2, email: 'e@b.kr', name: '직원', role: 'employee' as const, password_change_required: false });

  it('confirms a required-read notice from its own page', async () => {
    fetchMock.mockResolvedValue(new Response(null, { status: 204 }));
    renderWithApp(<ConfirmNotice notice={{ id: 5, requires_ack: true, acked: false }} />);
    await userEvent.click(screen.getByRole('button', { name: '확인했습니다' }));
    await waitFor(() => expect(fetchMock).toHaveBeenCalled());
    const request = fetchMock.mock.calls[0][0] as Request;
    expect(request.method).toBe('POST');
    expect(request.url).toMatch(/\/api\/notices\/5\/ack$/);
  });

  it('shows a confirmed notice as confirmed, and nothing for an ordinary one', () => {
    const { unmount } = renderWithApp(<ConfirmNotice notice={{ id: 5, requires_ack: true, acked: true }} />);
    expect(screen.getByText('확인함')).toBeInTheDocument();
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
    unmount();
    renderWithApp(<ConfirmNotice notice={{ id: 6, requires_ack: false, acked: false }} />);
    expect(screen.queryByTestId('notice-confirm')).not.toBeInTheDocument();
  });
});
