import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';

const commentsKey = (postId: number) => ['posts', 'comments', postId] as const;

export function useComments(postId: number) {
  return useQuery({
    queryKey: commentsKey(postId),
    queryFn: async () => unwrap(await api.GET('/api/posts/{post_id}/comments', { params: { path: { post_id: postId } } })).items,
  });
}

export function useAddComment(postId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: string) =>
      unwrap(await api.POST('/api/posts/{post_id}/comments', { params: { path: { post_id: postId } }, body: { body } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: commentsKey(postId) }),
  });
}

export function useDeleteComment(postId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: number) => unwrap(await api.DELETE('/api/comments/{comment_id}', { params: { path: { comment_id: id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: commentsKey(postId) }),
  });
}

export function useEditComment(postId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, body }: { id: number; body: string }) =>
      unwrap(await api.PUT('/api/comments/{comment_id}', { params: { path: { comment_id: id } }, body: { body } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: commentsKey(postId) }),
  });
}
