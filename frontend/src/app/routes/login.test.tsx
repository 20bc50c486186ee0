import { screen } from '@testing-library/react';
import { session } from '@/lib/api/session';
import { jsonResponse, renderWithApp } from '@/testing/render';
import { LoginRoute } from './login';

describe('LoginRoute sign-in methods', () => {
  const fetchMock = vi.fn<typeof fetch>();
  beforeEach(() => {
    vi.stubGlobal('fetch', fetchMock);
    fetchMock.mockReset();
    session.clear('anonymous');
  });
  afterEach(() => vi.unstubAllGlobals());

  function methods(body: { password: boolean; sso: boolean }) {
    fetchMock.mockImplementation(async () => jsonResponse(body));
  }

  it('offers only the password form when single sign-on is not configured (as before)', async () => {
    methods({ password: true, sso: false });
    renderWithApp(<LoginRoute />, { path: '/login' });
    expect(await screen.findByLabelText('이메일')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: '회사 계정으로 로그인' })).not.toBeInTheDocument();
  });

  it('offers only the company account when password sign-in is off, returning to the page asked for', async () => {
    methods({ password: false, sso: true });
    renderWithApp(<LoginRoute />, { path: '/login?next=%2Fboards%2Ffree' });
    const link = await screen.findByRole('link', { name: '회사 계정으로 로그인' });
    expect(link).toHaveAttribute('href', '/api/auth/sso/start?next=%2Fboards%2Ffree');
    expect(screen.queryByLabelText('이메일')).not.toBeInTheDocument();
  });

  it.each([
    ['account_not_found', '포털에 이 계정이 없습니다'],
    ['provider_unavailable', '회사 로그인 서비스에 연결할 수 없습니다'],
    ['state_mismatch', '로그인 요청이 만료되었거나'],
    ['something-new', '회사 계정으로 로그인하지 못했습니다'],
  ])('explains the refusal %s in the UI language', async (code, text) => {
    methods({ password: true, sso: true });
    renderWithApp(<LoginRoute />, { path: `/login?sso_error=${code}` });
    expect(await screen.findByRole('alert')).toHaveTextContent(text);
  });
});
