/**
 * The one API client: openapi-fetch typed by the generated `paths`, so every call's URL,
 * parameters and body are checked against the server's OpenAPI document at build time.
 */
import createClient from 'openapi-fetch';
import { env } from '@/config/env';
import { toApiError } from './errors';
import type { paths } from './schema';
import { csrfHeaders, session } from './session';

const AUTH_COOKIE_PATHS = ['/api/auth/login', '/api/auth/refresh', '/api/auth/logout'];

function withToken(request: Request, token: string | null): Request {
  const next = new Request(request);
  if (token) next.headers.set('Authorization', `Bearer ${token}`);
  return next;
}

/**
 * Adds the bearer token; on a 401 refreshes once and retries once. If the refresh fails
 * the session is marked expired, which routes the user to sign-in and back afterwards.
 */
export async function authFetch(request: Request): Promise<Response> {
  const path = new URL(request.url).pathname;
  if (AUTH_COOKIE_PATHS.some((p) => path.endsWith(p))) {
    const next = new Request(request, { credentials: 'include' });
    for (const [k, v] of Object.entries(csrfHeaders())) next.headers.set(k, v);
    const token = session.getAccessToken();
    if (token) next.headers.set('Authorization', `Bearer ${token}`);
    return fetch(next);
  }
  const sentToken = session.getAccessToken();
  const retry = request.clone();
  const response = await fetch(withToken(request, sentToken));
  if (response.status === 403) await notePasswordChangeRequired(response);
  if (response.status !== 401 || !sentToken) return response;

  const refreshed = await session.refresh();
  if (!refreshed) {
    session.clear('expired');
    return response;
  }
  return fetch(withToken(retry, refreshed.access_token));
}

/** The server refuses everything but the password change to a session still on an initial
 *  password: say so in the session, and the route guard sends the user to change it. */
async function notePasswordChangeRequired(response: Response) {
  const user = session.getState().user;
  if (!user || user.password_change_required) return;
  const body = (await response.clone().json().catch(() => null)) as { error?: { code?: string } } | null;
  if (body?.error?.code === 'password_change_required') session.updateUser({ ...user, password_change_required: true });
}

export const api = createClient<paths>({
  // An absolute base keeps Request() happy outside a page too (tests); same origin by default.
  baseUrl: env.API_BASE_URL || window.location.origin,
  fetch: (request: Request) => authFetch(request),
});

type Result<T> = { data?: T; error?: unknown; response: Response };

/** Return the data of a successful call or throw the portal's ApiError. */
export function unwrap<T>(result: Result<T>): T {
  if (result.error !== undefined || !result.response.ok) {
    throw toApiError(result.response.status, result.error, result.response.headers);
  }
  return result.data as T;
}
