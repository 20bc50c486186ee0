import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, unwrap } from '@/lib/api/client';

export const PREVIEW_DELAY_MS = 400;

/** What the server's renderer makes of `body` (the HTML the published post will show), asked
 * for only while `enabled` and a moment after typing pauses. */
export function usePreview(body: string, enabled: boolean) {
  const [settled, setSettled] = useState(body);
  useEffect(() => {
    // Nothing is asked while the preview is hidden, so follow the text at once; while it shows, wait for a pause.
    if (!enabled) {
      setSettled(body);
      return undefined;
    }
    const timer = window.setTimeout(() => setSettled(body), PREVIEW_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [body, enabled]);
  return useQuery({
    queryKey: ['posts', 'preview', settled],
    queryFn: async () => unwrap(await api.POST('/api/posts/preview', { body: { body: settled } })).body_html,
    enabled: enabled && settled.trim() !== '',
    placeholderData: keepPreviousData,
    staleTime: Infinity,
    gcTime: 60_000,
  });
}
