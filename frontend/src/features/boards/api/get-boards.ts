import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';

export const boardsQuery = queryOptions({
  queryKey: ['boards'],
  queryFn: async () => unwrap(await api.GET('/api/boards')).items,
  staleTime: 5 * 60_000,
});

export function useBoards() {
  return useQuery(boardsQuery);
}
