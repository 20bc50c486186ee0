import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';

export function useStats(days: number) {
  return useQuery({
    queryKey: ['admin', 'stats', days],
    queryFn: async () => unwrap(await api.GET('/api/admin/stats', { params: { query: { days } } })),
  });
}
