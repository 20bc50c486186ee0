import { useMutation } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import { session } from '@/lib/api/session';

export type LoginInput = { email: string; password: string };

export async function login(input: LoginInput) {
  const result = unwrap(await api.POST('/api/auth/login', { body: input }));
  session.signIn(result);
  return result;
}

export function useLogin() {
  return useMutation({ mutationFn: login });
}
