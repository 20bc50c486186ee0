import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';

export async function presignDownload(key: string) {
  return unwrap(await api.GET('/api/uploads/presign-get', { params: { query: { key } } }));
}

/** A short-lived download URL, refreshed before it expires. */
export function useDownloadUrl(key: string) {
  return useQuery({
    queryKey: ['uploads', 'presign-get', key],
    queryFn: () => presignDownload(key),
    staleTime: (query) => Math.max(10, (query.state.data?.expires_in ?? 300) - 60) * 1000,
    refetchOnWindowFocus: true,
  });
}
