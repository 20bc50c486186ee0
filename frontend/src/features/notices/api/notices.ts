import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import type { NoticeInput } from '@/lib/api/types';

export function useNotices(boardId?: number) {
  return useQuery({
    queryKey: ['notices', { boardId }],
    queryFn: async () => unwrap(await api.GET('/api/notices', { params: { query: { board_id: boardId } } })).items,
  });
}


export function usePinNotice() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: NoticeInput) => unwrap(await api.POST('/api/notices', { body })),
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: ['notices'] }), queryClient.invalidateQueries({ queryKey: ['posts'] })]),
  });
}

export function useUnpinNotice() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: number) => unwrap(await api.DELETE('/api/notices/{notice_id}', { params: { path: { notice_id: id } } })),
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: ['notices'] }), queryClient.invalidateQueries({ queryKey: ['posts'] })]),
  });
}

export function useNoticeAcks(id: number, enabled: boolean) {
  return useQuery({
    queryKey: ['notices', 'acks', id],
    queryFn: async () => unwrap(await api.GET('/api/notices/{notice_id}/acks', { params: { path: { notice_id: id } } })),
    enabled,
  });
}
