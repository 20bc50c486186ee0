import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useLocation } from 'react-router';
import { useHeldSocket } from '@/features/chat/realtime/use-held-socket';
import { setTitleCount } from '@/lib/title';
import { notificationsKey, useMarkAllRead, useUnreadCount } from './api/notifications';

/**
 * While signed in: hold the portal's socket (shared with the chat, loaded after the first
 * screen), refresh the bell when `notification:new` arrives, put the unread count in the tab
 * title, and mark read what is about the post or conversation being looked at.
 */
export function useNotificationStream() {
  const queryClient = useQueryClient();
  const unread = useUnreadCount();
  const markAllRead = useMarkAllRead();
  const { pathname } = useLocation();
  const count = unread.data ?? 0;

  useHeldSocket((connection) => {
    const refresh = () => void queryClient.invalidateQueries({ queryKey: notificationsKey });
    return [connection.on('notification:new', refresh), connection.onReconnect(refresh)];
  }, [queryClient]);

  useEffect(() => {
    setTitleCount(count);
    return () => setTitleCount(0);
  }, [count]);

  const { mutate } = markAllRead;
  useEffect(() => {
    if (count === 0) return;
    const post = /^\/posts\/(\d+)$/.exec(pathname);
    const chat = /^\/chat\/(\d+)$/.exec(pathname);
    if (post) mutate({ post_id: Number(post[1]) });
    else if (chat) mutate({ conversation_id: Number(chat[1]) });
  }, [pathname, count, mutate]);

  return count;
}
