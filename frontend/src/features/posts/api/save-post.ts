import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import type { PostInput } from '@/lib/api/types';

export type PostDraft = PostInput & { id?: number };

/** Create (no id) or update (id) a post; both return the post detail. */
export async function savePost({ id, board_id, title, body, attachment_keys }: PostDraft) {
  if (id === undefined) {
    return unwrap(await api.POST('/api/posts', { body: { board_id, title, body, attachment_keys } }));
  }
  return unwrap(await api.PUT('/api/posts/{post_id}', { params: { path: { post_id: id } }, body: { title, body, attachment_keys } }));
}

export function useSavePost() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: savePost,
    onSuccess: (post) => {
      queryClient.setQueryData(['posts', 'detail', post.id], post);
      return queryClient.invalidateQueries({ queryKey: ['posts'], refetchType: 'active' });
    },
  });
}
