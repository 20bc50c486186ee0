/**
 * The signed-in session. The access token lives only in this module's memory (never in
 * localStorage); the refresh token is an httpOnly cookie that only the browser sends to
 * /api/auth. A reload therefore starts with `restore()`, which trades the cookie for a
 * new access token.
 */
import { env } from '@/config/env';
import type { LoginResult, User } from './types';

export type SessionStatus = 'unknown' | 'authenticated' | 'anonymous' | 'expired';
export type SessionState = { status: SessionStatus; user: User | null };

let accessToken: string | null = null;
let state: SessionState = { status: 'unknown', user: null };
const listeners = new Set<() => void>();
let refreshing: Promise<LoginResult | null> | null = null;

function setState(next: SessionState) {
  state = next;
  listeners.forEach((listener) => listener());
}

export function readCookie(name: string): string | null {
  const prefix = `${name}=`;
  for (const part of document.cookie.split(';')) {
    const item = part.trim();
    if (item.startsWith(prefix)) return decodeURIComponent(item.slice(prefix.length));
  }
  return null;
}

export function csrfHeaders(): Record<string, string> {
  const token = readCookie('csrf_refresh_token');
  return token ? { 'X-CSRF-TOKEN': token } : {};
}

export const session = {
  getState: (): SessionState => state,
  getAccessToken: (): string | null => accessToken,
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  signIn(result: LoginResult) {
    accessToken = result.access_token;
    setState({ status: 'authenticated', user: result.user });
  },
  updateUser(user: User) {
    setState({ status: state.status, user });
  },
  /** Forget the session; `expired` sends the user to sign-in with a way back. */
  clear(status: 'anonymous' | 'expired' = 'anonymous') {
    accessToken = null;
    setState({ status, user: null });
  },
  /**
   * Exchange the refresh cookie for a new access token. Concurrent callers share one
   * request, and tabs are serialised with a Web Lock where available, because refresh
   * tokens rotate: the server takes a replaced cookie once more only within 30 s (for a
   * response a reload lost); a third use of one cookie ends the session.
   */
  refresh(): Promise<LoginResult | null> {
    if (!refreshing) {
      const run = (): Promise<LoginResult | null> => requestRefresh();
      const locked: Promise<LoginResult | null> =
        typeof navigator !== 'undefined' && navigator.locks ? (navigator.locks.request('portal-auth-refresh', run) as unknown as Promise<LoginResult | null>) : run();
      refreshing = locked.finally(() => {
        refreshing = null;
      });
    }
    return refreshing as Promise<LoginResult | null>;
  },
};

async function requestRefresh(): Promise<LoginResult | null> {
  let response: Response;
  try {
    response = await fetch(`${env.API_BASE_URL}/api/auth/refresh`, {
      method: 'POST',
      credentials: 'include',
      headers: { Accept: 'application/json', ...csrfHeaders() },
    });
  } catch {
    return null;
  }
  if (!response.ok) return null;
  const result = (await response.json()) as LoginResult;
  session.signIn(result);
  return result;
}
