import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import type { NoticeComposeInput, NoticeInput, NoticePatch } from '@/lib/api/types';

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

function useInvalidateNotices() {
  const queryClient = useQueryClient();
  return () => Promise.all([queryClient.invalidateQueries({ queryKey: ['notices'] }), queryClient.invalidateQueries({ queryKey: ['posts'] })]);
}

/** Every notice with its state (scheduled, active, ended): the admin list. */
export function useAdminNotices() {
  return useQuery({
    queryKey: ['notices', 'admin'],
    queryFn: async () => unwrap(await api.GET('/api/admin/notices')).items,
  });
}

export function useComposeNotice() {
  const invalidate = useInvalidateNotices();
  return useMutation({
    mutationFn: async (body: NoticeComposeInput) => unwrap(await api.POST('/api/admin/notices', { body })),
    onSuccess: invalidate,
  });
}

export function useUpdateNotice() {
  const invalidate = useInvalidateNotices();
  return useMutation({
    mutationFn: async ({ id, ...body }: NoticePatch & { id: number }) =>
      unwrap(await api.PATCH('/api/notices/{notice_id}', { params: { path: { notice_id: id } }, body })),
    onSuccess: invalidate,
  });
}

export function useRetireNotice() {
  const invalidate = useInvalidateNotices();
  return useMutation({
    mutationFn: async (id: number) => unwrap(await api.POST('/api/notices/{notice_id}/retire', { params: { path: { notice_id: id } } })),
    onSuccess: invalidate,
  });
}

/** The notice's post body, to edit it (the list carries titles only). */
export function useNoticeBody(postId: number, enabled: boolean) {
  return useQuery({
    queryKey: ['posts', postId],
    queryFn: async () => unwrap(await api.GET('/api/posts/{post_id}', { params: { path: { post_id: postId } } })),
    enabled,
  });
}

/** Download who has and has not confirmed as a CSV file (the request needs the bearer token). */
export function useDownloadAcks() {
  return useMutation({
    mutationFn: async ({ id, lang }: { id: number; lang: 'ko' | 'en' }) => {
      const result = await api.GET('/api/notices/{notice_id}/acks.csv', {
        params: { path: { notice_id: id }, query: { lang } }, parseAs: 'blob',
      });
      const blob = unwrap(result) as Blob;
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `notice-${id}-confirmations.csv`;
      document.body.append(link);
      link.click();
      link.remove();
      URL.revokeObjectURL(url);
    },
  });
}
