import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { session } from '@/lib/api/session';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router';

/** Render inside a fresh query cache and a memory router, as the app does. */
export function renderWithApp(ui: ReactElement, { path = '/', routes }: { path?: string; routes?: { path: string; element: ReactElement }[] } = {}) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const router = createMemoryRouter([{ path: '*', element: ui }, ...(routes ?? [])], { initialEntries: [path] });
  const result = render(
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return { ...result, router, queryClient };
}

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}) {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

/** A fetch stub for the describe block it is called in, reset before each test, with `name`
 * signed in as an employee (the API client reads the session for its Bearer token). */
export function signedInFetch(user = { id: 1, email: 'a@b.kr', name: 'A', role: 'employee' as const, password_change_required: false }) {
  const fetchMock = vi.fn<typeof fetch>();
  beforeEach(() => {
    vi.stubGlobal('fetch', fetchMock);
    fetchMock.mockReset();
    session.signIn({ access_token: 't', user });
  });
  afterEach(() => vi.unstubAllGlobals());
  return fetchMock;
}
