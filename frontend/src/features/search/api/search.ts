import { useInfiniteQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import { toQuery, type SearchFilters } from '../lib/filters';

/** Pages of what the search finds, newest first (people by name). */
export function useSearch(filters: SearchFilters) {
  return useInfiniteQuery({
    queryKey: ['search', filters],
    queryFn: async ({ pageParam }) => unwrap(await api.GET('/api/search', {
      params: { query: { ...toQuery(filters), cursor: pageParam || undefined, limit: 20 } },
    })),
    initialPageParam: '',
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    enabled: filters.q !== '',
  });
}
