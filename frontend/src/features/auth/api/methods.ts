import { useQuery } from '@tanstack/react-query';
import { env } from '@/config/env';
import { api, unwrap } from '@/lib/api/client';

/** How one signs in here: the password form, the company account (single sign-on), or both. */
export function useAuthMethods() {
  return useQuery({
    queryKey: ['auth', 'methods'],
    queryFn: async () => unwrap(await api.GET('/api/auth/methods')),
    staleTime: Infinity,
  });
}

/** A navigation, not a fetch: the portal redirects the browser to the identity provider. */
export function ssoStartUrl(next: string): string {
  const query = next === '/' ? '' : `?${new URLSearchParams({ next })}`;
  return `${env.API_BASE_URL}/api/auth/sso/start${query}`;
}
