import { useEffect, useState } from 'react';

type Size = 'sm' | 'md' | 'lg';

/** A person's photo, or the first letter of their name when there is none (or it will not load:
 *  signed URLs expire). `alt` empty when the name is written beside it. */
export function PersonPhoto({ name, url, size = 'md', alt = '' }: { name: string; url: string | null | undefined; size?: Size; alt?: string }) {
  const [broken, setBroken] = useState(false);
  useEffect(() => setBroken(false), [url]);
  if (url && !broken) {
    return <img className={`person-photo person-photo--${size}`} src={url} alt={alt} onError={() => setBroken(true)} />;
  }
  return (
    <span className={`person-photo person-photo--${size} person-photo--initial`} role={alt ? 'img' : undefined}
      aria-label={alt || undefined} aria-hidden={alt ? undefined : true}>
      {name.slice(0, 1)}
    </span>
  );
}
