import { screen } from '@testing-library/react';
import { session } from '@/lib/api/session';
import { renderWithApp } from '@/testing/render';
import { RequireAdmin, RequireAuth, safeNext } from './guards';

const employee = { id: 2, email: 'e@b.kr', name: '직원', role: 'employee' as const, password_change_required: false };
const admin = { id: 1, email: 'a@b.kr', name: '관리자', role: 'admin' as const, password_change_required: false };

describe('RequireAuth', () => {
  it('sends an expired session to sign-in with the way back', async () => {
    session.clear('expired');
    const { router } = renderWithApp(<RequireAuth><p>secret</p></RequireAuth>, {
      path: '/boards/free?q=회의',
      routes: [{ path: '/login', element: <p>login page</p> }],
    });
    expect(await screen.findByText('login page')).toBeInTheDocument();
    const params = new URLSearchParams(router.state.location.search);
    expect(decodeURIComponent(params.get('next') ?? '')).toBe('/boards/free?q=회의');
    expect(params.get('expired')).toBe('1');
  });

  it('sends a session on an initial password to change it first, with the way back', async () => {
    session.signIn({ access_token: 't', user: { ...employee, password_change_required: true } });
    const { router } = renderWithApp(<RequireAuth><p>secret</p></RequireAuth>, {
      path: '/people?department=개발팀',
      routes: [{ path: '/password-change', element: <p>change it</p> }],
    });
    expect(await screen.findByText('change it')).toBeInTheDocument();
    expect(screen.queryByText('secret')).not.toBeInTheDocument();
    expect(new URLSearchParams(router.state.location.search).get('next')).toBe('/people?department=개발팀');
  });

  it('renders the page for a signed-in user', () => {
    session.signIn({ access_token: 't', user: employee });
    renderWithApp(<RequireAuth><p>secret</p></RequireAuth>);
    expect(screen.getByText('secret')).toBeInTheDocument();
  });
});

describe('RequireAdmin', () => {
  it('refuses employees', () => {
    session.signIn({ access_token: 't', user: employee });
    renderWithApp(<RequireAdmin><p>admin area</p></RequireAdmin>);
    expect(screen.queryByText('admin area')).not.toBeInTheDocument();
    expect(screen.getByRole('heading', { name: '접근 권한이 없습니다' })).toBeInTheDocument();
  });

  it('lets admins in', () => {
    session.signIn({ access_token: 't', user: admin });
    renderWithApp(<RequireAdmin><p>admin area</p></RequireAdmin>);
    expect(screen.getByText('admin area')).toBeInTheDocument();
  });
});

describe('safeNext', () => {
  it.each([
    [null, '/'],
    ['/posts/3', '/posts/3'],
    ['//evil.example', '/'],
    ['https://evil.example', '/'],
    ['/login?next=/x', '/'],
    ['/password-change?next=/x', '/'],
  ])('%s → %s', (next, expected) => {
    expect(safeNext(next)).toBe(expected);
  });
});
