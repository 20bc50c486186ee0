import { useMemo } from 'react';
import { sanitizeHtml } from '@/lib/sanitize';

/** Server-rendered Markdown (already sanitised there), sanitised again before display. */
export function PostBody({ html }: { html: string }) {
  const clean = useMemo(() => sanitizeHtml(html), [html]);
  return <div className="markdown" data-testid="post-body" dangerouslySetInnerHTML={{ __html: clean }} />;
}
