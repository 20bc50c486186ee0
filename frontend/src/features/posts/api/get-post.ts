import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';

export const postQuery = (id: number) =>
  queryOptions({
    queryKey: ['posts', 'detail', id],
    queryFn: async () => unwrap(await api.GET('/api/posts/{post_id}', { params: { path: { post_id: id } } })),
  });

export function usePost(id: number, enabled = true) {
  return useQuery({ ...postQuery(id), enabled });
}
