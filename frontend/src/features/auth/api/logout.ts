import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api/client';
import { session } from '@/lib/api/session';

/** Sign out on the server (revokes the refresh cookie), then forget everything cached. */
export async function logout() {
  try {
    await api.POST('/api/auth/logout');
  } finally {
    session.clear('anonymous');
  }
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: logout, onSettled: () => queryClient.clear() });
}
