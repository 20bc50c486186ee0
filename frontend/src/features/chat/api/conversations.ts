import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import type { Conversation, Message } from './types';

export const conversationsKey = ['chat', 'conversations'] as const;

/** My conversations, most recent first; kept current by socket events (see realtime/). */
export function useConversations() {
  return useQuery({
    queryKey: conversationsKey,
    queryFn: async () => unwrap(await api.GET('/api/chat/conversations')).items,
    staleTime: 60_000,
  });
}

export function useConversation(id: number | undefined) {
  return useQuery({
    queryKey: ['chat', 'conversation', id],
    queryFn: async () =>
      unwrap(await api.GET('/api/chat/conversations/{conversation_id}', { params: { path: { conversation_id: id as number } } })),
    enabled: id !== undefined,
  });
}

/** Put a message into the conversation list: new last message, moved to the top. */
export function noteMessageInList(queryClient: QueryClient, message: Message, myId: number | undefined, unread: boolean) {
  let found = false;
  queryClient.setQueryData<Conversation[]>(conversationsKey, (list) => {
    if (!list) return list;
    const next = list.map((c) => {
      if (c.id !== message.conversation_id) return c;
      found = true;
      const isNewer = !c.last_message || message.id >= c.last_message.id;
      const bump = unread && message.author.id !== myId && !message.deleted_at && (!c.last_message || message.id > c.last_message.id);
      return { ...c, last_message: isNewer ? message : c.last_message, unread_count: c.unread_count + (bump ? 1 : 0) };
    });
    return next.sort((a, b) => activity(b).localeCompare(activity(a)));
  });
  // A read of the list still in flight may predate this message and would overwrite it: read again.
  if (!found || queryClient.isFetching({ queryKey: conversationsKey }) > 0) {
    void queryClient.invalidateQueries({ queryKey: conversationsKey });
  }
}

function activity(c: Conversation): string {
  return c.last_message?.created_at ?? c.created_at;
}

export function markReadInList(queryClient: QueryClient, conversationId: number, messageId: number) {
  queryClient.setQueryData<Conversation[]>(conversationsKey, (list) =>
    list?.map((c) => (c.id === conversationId ? { ...c, unread_count: 0, last_read_message_id: messageId } : c)));
}

function useConversationMutation<A>(call: (args: A) => Promise<Conversation | undefined>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: (conversation) => {
      void queryClient.invalidateQueries({ queryKey: conversationsKey });
      if (conversation) queryClient.setQueryData(['chat', 'conversation', conversation.id], conversation);
    },
  });
}

export const useOpenDm = () =>
  useConversationMutation(async (userId: number) => unwrap(await api.POST('/api/chat/dm', { body: { user_id: userId } })));

export const useCreateRoom = () =>
  useConversationMutation(async (room: { name: string; member_ids: number[] }) => unwrap(await api.POST('/api/chat/rooms', { body: room })));

export const useRenameRoom = (id: number) =>
  useConversationMutation(async (name: string) =>
    unwrap(await api.PATCH('/api/chat/rooms/{conversation_id}', { params: { path: { conversation_id: id } }, body: { name } })));

export const useAddMembers = (id: number) =>
  useConversationMutation(async (userIds: number[]) =>
    unwrap(await api.POST('/api/chat/rooms/{conversation_id}/members', { params: { path: { conversation_id: id } }, body: { user_ids: userIds } })));

export const useLeaveRoom = (id: number) =>
  useConversationMutation(async () => {
    unwrap(await api.POST('/api/chat/rooms/{conversation_id}/leave', { params: { path: { conversation_id: id } } }));
    return undefined;
  });

export function usePeople(q: string) {
  return useQuery({
    queryKey: ['chat', 'people', q],
    queryFn: async () => unwrap(await api.GET('/api/chat/people', { params: { query: { q, limit: 20 } } })).items,
    staleTime: 30_000,
  });
}
