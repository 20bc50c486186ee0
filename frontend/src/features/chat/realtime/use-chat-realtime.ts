import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';
import { useSession } from '@/features/auth';
import { conversationsKey, noteMessageInList } from '../api/conversations';
import { catchUp, messagesKey, missesPrevious, upsertMessage } from '../api/messages';
import type { Message } from '../api/types';
import { noteTyping, presence, setOnline, stopTyping, typing } from './activity';
import { connect, connectionState, on, onReconnect, release } from './connection';

/**
 * Connect while the chat is open and route socket events into the query cache:
 * messages merge into loaded histories by id (a new one reaches the list through useChatUnread,
 * held by the layout), edits reach the list too, membership changes reload the list, and a
 * reconnect catches every loaded history up.
 */
export function useChatRealtime() {
  const queryClient = useQueryClient();
  const myId = useSession().user?.id;

  useEffect(() => {
    connect();
    const onMessage = (message: Message & { previous_id?: number | null }) => {
      // Fetch what came before it first (catchUp asks for everything after the last id held).
      if (missesPrevious(queryClient, message)) void catchUp(queryClient, message.conversation_id);
      upsertMessage(queryClient, message); // the list counts it unread in useChatUnread, on every screen
      stopTyping(message.conversation_id, message.author.id);
    };
    const onChange = (message: Message) => {
      upsertMessage(queryClient, message);
      noteMessageInList(queryClient, message, myId, false);
    };
    const unsubscribe = [
      on<Message>('message:new', onMessage),
      on<Message>('message:edited', onChange),
      on<Message>('message:deleted', onChange),
      on<{ conversation_id: number }>('conversation:updated', ({ conversation_id }) => {
        void queryClient.invalidateQueries({ queryKey: conversationsKey });
        void queryClient.invalidateQueries({ queryKey: ['chat', 'conversation', conversation_id] });
      }),
      on<{ conversation_id: number; user_id: number; name: string }>('typing', (t) => noteTyping(t.conversation_id, t.user_id, t.name)),
      on<{ user_id: number; online: boolean }>('presence', (p) => setOnline(p.user_id, p.online)),
      onReconnect(() => {
        void queryClient.invalidateQueries({ queryKey: conversationsKey });
        for (const query of queryClient.getQueryCache().findAll({ queryKey: ['chat', 'messages'] })) {
          void catchUp(queryClient, query.queryKey[2] as number);
        }
      }),
    ];
    return () => {
      unsubscribe.forEach((stop) => stop());
      release();
    };
  }, [queryClient, myId]);
}

export function useConnectionState() {
  return useSyncExternalStore(connectionState.subscribe, connectionState.get);
}

export function useOnline(userId: number | undefined, fallback = false): boolean {
  const map = useSyncExternalStore(presence.subscribe, presence.get);
  return userId === undefined ? false : map.get(userId) ?? fallback;
}

export function useTypists(conversationId: number) {
  const map = useSyncExternalStore(typing.subscribe, typing.get);
  return map.get(conversationId) ?? [];
}

export { messagesKey };
