import { useQueryClient } from '@tanstack/react-query';
import { useSession } from '@/features/auth';
import { conversationsKey, noteMessageInList, useConversations } from './api/conversations';
import type { Message } from './api/types';
import { useHeldSocket } from './realtime/use-held-socket';

/**
 * The navigation's 채팅 badge: how many of my conversations hold messages I have not read.
 * The conversation list is read once (the chat screen shares it); after that the portal's one
 * socket, held on every screen, keeps it current: each new message moves its conversation up and
 * counts it unread here, once, for the whole app (the chat screen does not count it again), with
 * no request per message.
 */
export function useChatUnread(): number {
  const queryClient = useQueryClient();
  const myId = useSession().user?.id;
  const conversations = useConversations();

  useHeldSocket((connection) => {
    // Read the list again once the socket is up (and after every reconnect): what was sent before
    // it connected came over no socket.
    let was = connection.connectionState.get();
    return [
      connection.on('message:new', (message) => noteMessageInList(queryClient, message as Message, myId, true)),
      connection.connectionState.subscribe(() => {
        const now = connection.connectionState.get();
        if (now === 'connected' && was !== 'connected') void queryClient.invalidateQueries({ queryKey: conversationsKey });
        was = now;
      }),
    ];
  }, [queryClient, myId]);

  return (conversations.data ?? []).filter((conversation) => conversation.unread_count > 0).length;
}
