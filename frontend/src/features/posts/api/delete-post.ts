import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';

export async function deletePost(id: number) {
  unwrap(await api.DELETE('/api/posts/{post_id}', { params: { path: { post_id: id } } }));
}

export function useDeletePost() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deletePost,
    onSuccess: (_, id) => {
      queryClient.removeQueries({ queryKey: ['posts', 'detail', id] });
      return queryClient.invalidateQueries({ queryKey: ['posts'] });
    },
  });
}
