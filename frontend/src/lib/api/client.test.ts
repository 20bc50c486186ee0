import { jsonResponse } from '@/testing/render';
import { authFetch } from './client';
import { session } from './session';

const user = { id: 1, email: 'minji@example.kr', name: '김민지', role: 'employee' as const, password_change_required: false };

describe('authFetch', () => {
  const fetchMock = vi.fn<typeof fetch>();

  beforeEach(() => {
    vi.stubGlobal('fetch', fetchMock);
    fetchMock.mockReset();
    session.signIn({ access_token: 'old-token', user });
    document.cookie = 'csrf_refresh_token=csrf-123; path=/';
  });

  afterEach(() => vi.unstubAllGlobals());

  it('sends the in-memory access token as a bearer header', async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse({ items: [] }));
    await authFetch(new Request('http://portal.test/api/boards'));
    const sent = fetchMock.mock.calls[0][0] as Request;
    expect(sent.headers.get('Authorization')).toBe('Bearer old-token');
  });

  it('notes a refusal for an initial password in the session, so the guard sends the user to change it', async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse({ error: { code: 'password_change_required', message: 'change it' } }, 403));
    const response = await authFetch(new Request('http://portal.test/api/posts'));
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: 'password_change_required' } });  // body still readable
    expect(session.getState().user?.password_change_required).toBe(true);
  });

  it('leaves the session alone on other refusals', async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse({ error: { code: 'forbidden', message: 'no' } }, 403));
    await authFetch(new Request('http://portal.test/api/admin/users'));
    expect(session.getState().user?.password_change_required).toBe(false);
  });

  it('on an expired token refreshes once (with the CSRF header) and retries the request', async () => {
    fetchMock
      .mockResolvedValueOnce(jsonResponse({ error: { code: 'token_expired', message: 'expired' } }, 401))
      .mockResolvedValueOnce(jsonResponse({ access_token: 'new-token', user }))
      .mockResolvedValueOnce(jsonResponse({ id: 7 }, 201));

    const response = await authFetch(new Request('http://portal.test/api/posts', { method: 'POST', body: JSON.stringify({ title: '제목' }) }));

    expect(response.status).toBe(201);
    const [refreshUrl, refreshInit] = fetchMock.mock.calls[1] as [string, RequestInit];
    expect(refreshUrl).toMatch(/\/api\/auth\/refresh$/);
    expect((refreshInit.headers as Record<string, string>)['X-CSRF-TOKEN']).toBe('csrf-123');
    expect(refreshInit.credentials).toBe('include');
    const retried = fetchMock.mock.calls[2][0] as Request;
    expect(retried.headers.get('Authorization')).toBe('Bearer new-token');
    expect(await retried.text()).toBe(JSON.stringify({ title: '제목' }));
    expect(session.getAccessToken()).toBe('new-token');
  });

  it('marks the session expired when the refresh fails', async () => {
    fetchMock
      .mockResolvedValueOnce(jsonResponse({ error: { code: 'token_expired', message: 'expired' } }, 401))
      .mockResolvedValueOnce(jsonResponse({ error: { code: 'unauthorized', message: 'no' } }, 401));
    const response = await authFetch(new Request('http://portal.test/api/boards'));
    expect(response.status).toBe(401);
    expect(session.getState()).toEqual({ status: 'expired', user: null });
    expect(session.getAccessToken()).toBeNull();
  });

  it('shares one refresh between concurrent requests (refresh tokens rotate)', async () => {
    let refreshes = 0;
    fetchMock.mockImplementation(async (input) => {
      const url = typeof input === 'string' ? input : (input as Request).url;
      if (url.endsWith('/api/auth/refresh')) {
        refreshes += 1;
        return jsonResponse({ access_token: 'new-token', user });
      }
      const auth = (input as Request).headers.get('Authorization');
      return auth === 'Bearer new-token' ? jsonResponse({ items: [] }) : jsonResponse({ error: { code: 'token_expired', message: '' } }, 401);
    });
    const results = await Promise.all([1, 2, 3].map(() => authFetch(new Request('http://portal.test/api/boards'))));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(refreshes).toBe(1);
  });
});
