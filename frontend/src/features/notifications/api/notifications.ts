import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import type { ItemOf, ResponseOf } from '@/lib/api/types';

export type Notification = ItemOf<ResponseOf<'/api/notifications', 'get'>>;

export const notificationsKey = ['notifications'] as const;
const countKey = ['notifications', 'unread-count'] as const;

export function useNotifications(enabled: boolean) {
  return useInfiniteQuery({
    queryKey: [...notificationsKey, 'list'],
    queryFn: async ({ pageParam }) =>
      unwrap(await api.GET('/api/notifications', { params: { query: { cursor: pageParam || undefined, limit: 20 } } })),
    initialPageParam: '',
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    enabled,
  });
}

export function useUnreadCount() {
  return useQuery({
    queryKey: countKey,
    queryFn: async () => unwrap(await api.GET('/api/notifications/unread-count')).count,
    // The socket says when something arrives; this is the fallback when it cannot.
    refetchInterval: 120_000,
  });
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: number) => unwrap(await api.POST('/api/notifications/{notification_id}/read', {
      params: { path: { notification_id: id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationsKey }),
  });
}

/** Mark read: everything, or what is about one post or conversation (the one just opened). */
export function useMarkAllRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (about: { post_id?: number; conversation_id?: number } = {}) =>
      unwrap(await api.POST('/api/notifications/read-all', { body: about })).count,
    onSuccess: (count) => queryClient.setQueryData(countKey, count),
    onSettled: () => queryClient.invalidateQueries({ queryKey: [...notificationsKey, 'list'] }),
  });
}

/** Where a notification leads. */
export function notificationPath(n: Notification): string {
  if (n.conversation_id) return `/chat/${n.conversation_id}`;
  if (n.post_id) return n.comment_id ? `/posts/${n.post_id}#comment-${n.comment_id}` : `/posts/${n.post_id}`;
  return '/';
}
