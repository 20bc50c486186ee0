import { useEffect } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import type { PostReactions, ReactionKind } from '@/lib/api/types';

const reactionsKey = (postId: number) => ['posts', 'reactions', postId] as const;

async function recordView(postId: number): Promise<PostReactions> {
  return unwrap(await api.POST('/api/posts/{post_id}/view', { params: { path: { post_id: postId } } }));
}

/** The post page's reactions and view count. Opening the page records the view (once per employee,
 * counted by the server), and that same request answers with what the page shows: the post's
 * GET stays a pure read. */
export function usePostReactions(postId: number) {
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: reactionsKey(postId), queryFn: () => recordView(postId), staleTime: Infinity });
  useEffect(() => () => {
    // The list shows view counts: after a first view it is out of date.
    void queryClient.invalidateQueries({ queryKey: ['posts', 'list'] });
    void queryClient.invalidateQueries({ queryKey: ['posts', 'latest'] });
  }, [postId, queryClient]);
  return query;
}

export function useToggleReaction(postId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ kind, on }: { kind: ReactionKind; on: boolean }) => {
      const params = { params: { path: { post_id: postId, kind } } };
      return unwrap(on ? await api.PUT('/api/posts/{post_id}/reactions/{kind}', params)
        : await api.DELETE('/api/posts/{post_id}/reactions/{kind}', params));
    },
    onSuccess: (summary) => queryClient.setQueryData(reactionsKey(postId), summary),
  });
}
