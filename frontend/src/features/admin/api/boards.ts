import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import type { BoardInput, BoardPatch } from '@/lib/api/types';

/** All boards, archived ones included (the public list hides them). */
export function useAdminBoards() {
  return useQuery({
    queryKey: ['admin', 'boards'],
    queryFn: async () => unwrap(await api.GET('/api/admin/boards', { params: { query: { include_archived: true } } })).items,
  });
}

export function useCreateBoard() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: BoardInput) => unwrap(await api.POST('/api/admin/boards', { body })),
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: ['boards'] }), queryClient.invalidateQueries({ queryKey: ['admin', 'boards'] })]),
  });
}

export function useUpdateBoard() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, ...body }: BoardPatch & { id: number }) =>
      unwrap(await api.PATCH('/api/admin/boards/{board_id}', { params: { path: { board_id: id } }, body })),
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: ['boards'] }), queryClient.invalidateQueries({ queryKey: ['admin', 'boards'] })]),
  });
}
