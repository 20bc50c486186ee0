import { useMutation } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';

export type ChangePasswordInput = { current_password: string; new_password: string };

export async function changePassword(body: ChangePasswordInput) {
  unwrap(await api.PUT('/api/auth/password', { body }));
}

export function useChangePassword() {
  return useMutation({ mutationFn: changePassword });
}
