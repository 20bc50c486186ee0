import { useInfiniteQuery, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import type { Message, MessageInput, MessagePage } from './types';

export const PAGE_SIZE = 50;
const CATCH_UP_PAGES_MAX = 50;

export const messagesKey = (conversationId: number) => ['chat', 'messages', conversationId] as const;
type Pages = InfiniteData<MessagePage, number | undefined>;

async function fetchPage(conversationId: number, query: { before?: number; after?: number; limit?: number }) {
  return unwrap(await api.GET('/api/chat/conversations/{conversation_id}/messages', {
    params: { path: { conversation_id: conversationId }, query: { limit: PAGE_SIZE, ...query } },
  }));
}

/**
 * A conversation's history. Page 0 is the latest; each next page is older (`before` the
 * oldest loaded id), for infinite scroll back. Live events are merged in by id, so the
 * cache is never refetched wholesale (staleTime: Infinity); reconnects call `catchUp`.
 */
export function useMessages(conversationId: number) {
  return useInfiniteQuery({
    queryKey: messagesKey(conversationId),
    queryFn: ({ pageParam }) => fetchPage(conversationId, { before: pageParam }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (page) => (page.has_more && page.items.length ? page.items[0].id : undefined),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
}

/** Oldest first, every loaded page. */
export function flatten(data: { pages: MessagePage[] } | undefined): Message[] {
  return data ? [...data.pages].reverse().flatMap((page) => page.items) : [];
}

/** Insert or replace one message in the loaded history (no-op if that history is not loaded). */
export function upsertMessage(queryClient: QueryClient, message: Message) {
  queryClient.setQueryData<Pages>(messagesKey(message.conversation_id), (data) => {
    if (!data) return data;
    let replaced = false;
    const pages = data.pages.map((page) => ({
      ...page,
      items: page.items.map((m) => {
        if (m.id !== message.id) return m;
        replaced = true;
        return message;
      }),
    }));
    if (!replaced) {
      const latest = pages[0];
      pages[0] = { ...latest, items: [...latest.items, message].sort((a, b) => a.id - b.id) };
    }
    return { ...data, pages };
  });
}

/**
 * A live message whose predecessor (`previous_id`) this client has not seen means a gap: live
 * delivery can reorder or drop while the history cannot. True when the loaded history ends
 * before that predecessor.
 */
export function missesPrevious(queryClient: QueryClient, message: Message & { previous_id?: number | null }): boolean {
  const data = queryClient.getQueryData<Pages>(messagesKey(message.conversation_id));
  const last = lastId(data);
  if (last === undefined || message.previous_id == null) return false;
  return message.previous_id > last;
}

function lastId(data: Pages | undefined): number | undefined {
  const items = data?.pages[0]?.items;
  return items && items.length ? items[items.length - 1].id : undefined;
}

/**
 * After a reconnect: fetch everything after the last message this client has, page by page,
 * and merge it. Together with merging by id this loses nothing and shows nothing twice.
 */
export async function catchUp(queryClient: QueryClient, conversationId: number) {
  let after = lastId(queryClient.getQueryData<Pages>(messagesKey(conversationId)));
  if (after === undefined) {
    await queryClient.invalidateQueries({ queryKey: messagesKey(conversationId) });
    return;
  }
  for (let i = 0; i < CATCH_UP_PAGES_MAX; i += 1) {
    const page = await fetchPage(conversationId, { after, limit: 100 });
    page.items.forEach((m) => upsertMessage(queryClient, m));
    if (!page.has_more || !page.items.length) return;
    after = page.items[page.items.length - 1].id;
  }
}

export async function sendMessage(conversationId: number, input: MessageInput) {
  return unwrap(await api.POST('/api/chat/conversations/{conversation_id}/messages', {
    params: { path: { conversation_id: conversationId } }, body: input,
  }));
}

export async function editMessage(messageId: number, body: string) {
  return unwrap(await api.PATCH('/api/chat/messages/{message_id}', { params: { path: { message_id: messageId } }, body: { body } }));
}

export async function deleteMessage(messageId: number) {
  unwrap(await api.DELETE('/api/chat/messages/{message_id}', { params: { path: { message_id: messageId } } }));
}

export async function markRead(conversationId: number, messageId: number) {
  unwrap(await api.POST('/api/chat/conversations/{conversation_id}/read', {
    params: { path: { conversation_id: conversationId } }, body: { message_id: messageId },
  }));
}
