import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';

export function useUploadLimits() {
  return useQuery({
    queryKey: ['uploads', 'limits'],
    queryFn: async () => unwrap(await api.GET('/api/uploads/limits')),
    staleTime: Infinity,
  });
}
