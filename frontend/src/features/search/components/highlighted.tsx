import type { SearchSegment } from '@/lib/api/types';

/** Text with the searched words in <mark>: the server sends plain-text segments, never markup. */
export function Highlighted({ segments }: { segments: SearchSegment[] }) {
  return (
    <>
      {segments.map((segment, index) => (segment.match
        ? <mark key={index}>{segment.text}</mark>
        : <span key={index}>{segment.text}</span>))}
    </>
  );
}
