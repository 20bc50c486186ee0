import { infiniteQueryOptions, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';

export const PAGE_SIZE = 20;

export function postsQuery(boardId: number | undefined, q: string) {
  return infiniteQueryOptions({
    queryKey: ['posts', 'list', { boardId, q }],
    queryFn: async ({ pageParam }) =>
      unwrap(await api.GET('/api/posts', {
        params: { query: { board_id: boardId, q: q || undefined, cursor: pageParam || undefined, limit: PAGE_SIZE } },
      })),
    initialPageParam: '',
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

/** Keyset-paginated post list of one board ("load more" appends the next page). */
export function usePosts(boardId: number | undefined, q: string, enabled = true) {
  return useInfiniteQuery({ ...postsQuery(boardId, q), enabled });
}

/** The few latest posts of a board, for the home page. */
export function useLatestPosts(boardId: number, limit = 5) {
  return useQuery({
    queryKey: ['posts', 'latest', boardId, limit],
    queryFn: async () => unwrap(await api.GET('/api/posts', { params: { query: { board_id: boardId, limit } } })).items,
  });
}
