import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import type { ProfilePatch } from '@/lib/api/types';

// Photo URLs are signed for a few minutes: refetch before they expire (broken ones fall back to initials).
const PHOTO_FRESH_MS = 60_000;

/** The directory: active employees by name, filtered by `q` (name, email, department) and a department. */
export function useDirectory(q: string, department: string | null) {
  return useInfiniteQuery({
    queryKey: ['people', 'directory', { q, department }],
    queryFn: async ({ pageParam }) => unwrap(await api.GET('/api/people', {
      params: { query: { q: q || undefined, department: department ?? undefined, cursor: pageParam || undefined, limit: 30 } },
    })),
    initialPageParam: '',
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    staleTime: PHOTO_FRESH_MS,
  });
}

export function useDepartments() {
  return useQuery({
    queryKey: ['people', 'departments'],
    queryFn: async () => unwrap(await api.GET('/api/people/departments')),
    staleTime: 5 * 60_000,
  });
}

export function usePerson(id: number | undefined) {
  return useQuery({
    queryKey: ['people', 'person', id],
    queryFn: async () => unwrap(await api.GET('/api/people/{user_id}', { params: { path: { user_id: id as number } } })),
    enabled: id !== undefined && Number.isInteger(id) && id > 0,
    staleTime: PHOTO_FRESH_MS,
  });
}

/** Change the phone and/or photo (`photo_key`: an uploaded image's key; null removes the photo). */
export function useUpdateProfile(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: ProfilePatch) =>
      unwrap(await api.PATCH('/api/people/{user_id}', { params: { path: { user_id: id } }, body })),
    onSuccess: (profile) => {
      queryClient.setQueryData(['people', 'person', id], profile);
      void queryClient.invalidateQueries({ queryKey: ['people', 'directory'] });
    },
  });
}
