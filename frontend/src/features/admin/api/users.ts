import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import type { AdminUserInput, AdminUserPatch } from '@/lib/api/types';

export function useAdminUsers(q: string) {
  return useInfiniteQuery({
    queryKey: ['admin', 'users', { q }],
    queryFn: async ({ pageParam }) =>
      unwrap(await api.GET('/api/admin/users', { params: { query: { q: q || undefined, cursor: pageParam || undefined, limit: 50 } } })),
    initialPageParam: '',
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: AdminUserInput) => unwrap(await api.POST('/api/admin/users', { body })),
    onSuccess: () => invalidateUsers(queryClient),
  });
}

/** The user list, and the directory and departments the change may show in. */
function invalidateUsers(queryClient: QueryClient) {
  void queryClient.invalidateQueries({ queryKey: ['admin', 'users'] });
  void queryClient.invalidateQueries({ queryKey: ['people'] });
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, ...body }: AdminUserPatch & { id: number }) =>
      unwrap(await api.PATCH('/api/admin/users/{user_id}', { params: { path: { user_id: id } }, body })),
    onSuccess: () => invalidateUsers(queryClient),
  });
}

export function useResetPassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, password }: { id: number; password: string }) =>
      unwrap(await api.PUT('/api/admin/users/{user_id}/password', { params: { path: { user_id: id } }, body: { password } })),
    onSuccess: () => invalidateUsers(queryClient), // the row now shows the initial password
  });
}

export function useSignInPolicy() {
  return useQuery({
    queryKey: ['admin', 'sign-in-policy'],
    queryFn: async () => unwrap(await api.GET('/api/admin/sign-in-policy')),
  });
}

export function useSetPasswordLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (passwordLogin: boolean) =>
      unwrap(await api.PUT('/api/admin/sign-in-policy', { body: { password_login: passwordLogin } })),
    onSuccess: (policy) => queryClient.setQueryData(['admin', 'sign-in-policy'], policy),
  });
}
