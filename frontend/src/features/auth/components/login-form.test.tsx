import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { session } from '@/lib/api/session';
import { jsonResponse, renderWithApp } from '@/testing/render';
import { LoginForm } from './login-form';

describe('LoginForm', () => {
  const fetchMock = vi.fn<typeof fetch>();
  beforeEach(() => {
    vi.stubGlobal('fetch', fetchMock);
    fetchMock.mockReset();
    session.clear();
  });
  afterEach(() => vi.unstubAllGlobals());

  async function submit(email: string, password: string) {
    await userEvent.type(screen.getByLabelText('이메일'), email);
    await userEvent.type(screen.getByLabelText('비밀번호'), password);
    await userEvent.click(screen.getByRole('button', { name: '로그인' }));
  }

  it('signs in and keeps the token in memory only', async () => {
    const onSuccess = vi.fn();
    fetchMock.mockResolvedValueOnce(jsonResponse({ access_token: 'tok', user: { id: 1, email: 'a@b.kr', name: '김민지', role: 'employee', password_change_required: false } }));
    renderWithApp(<LoginForm onSuccess={onSuccess} />);
    await submit('a@b.kr', 'password-1');
    await waitFor(() => expect(onSuccess).toHaveBeenCalled());
    const request = fetchMock.mock.calls[0][0] as Request;
    expect(request.url).toMatch(/\/api\/auth\/login$/);
    expect(request.credentials).toBe('include');
    expect(await request.json()).toEqual({ email: 'a@b.kr', password: 'password-1' });
    expect(session.getState().user?.name).toBe('김민지');
    expect(JSON.stringify({ ...localStorage })).not.toContain('tok');
  });

  it('says the credentials are wrong on 401', async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse({ error: { code: 'invalid_credentials', message: 'bad' } }, 401));
    renderWithApp(<LoginForm onSuccess={() => undefined} />);
    await submit('a@b.kr', 'nope');
    expect(await screen.findByRole('alert')).toHaveTextContent('이메일 또는 비밀번호가 올바르지 않습니다.');
  });

  it('shows the wait time from Retry-After when throttled', async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse({ error: { code: 'too_many_requests', message: 'slow down' } }, 429, { 'Retry-After': '42' }));
    renderWithApp(<LoginForm onSuccess={() => undefined} />);
    await submit('a@b.kr', 'nope');
    expect(await screen.findByRole('alert')).toHaveTextContent('42초 후에 다시 시도하세요');
  });
});
