import { useQuery } from '@tanstack/react-query';
import { useDeferredValue, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '@/lib/api/client';

/** `@이름` as the server reads it: the name with its spaces left out (see portal/notifications/mentions.py). */
export function mentionOf(name: string): string {
  return `@${name.replace(/\s+/g, '')}`;
}

/** Append a mention to `text`, with the spaces around it a reader expects. */
export function withMention(text: string, name: string): string {
  const gap = text && !/\s$/.test(text) ? ' ' : '';
  return `${text}${gap}${mentionOf(name)} `;
}

/** The editors' people picker: search colleagues, pick one, and `@이름` goes into the text. */
export function MentionPicker({ onPick, up = false }: { onPick: (name: string) => void; up?: boolean }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState('');
  const query = useDeferredValue(q.trim());
  const panelId = useId();
  const people = useQuery({
    queryKey: ['people', query],
    queryFn: async () => unwrap(await api.GET('/api/chat/people', { params: { query: { q: query, limit: 8 } } })).items,
    enabled: open,
  });
  return (
    <div className="mention">
      <button type="button" className="btn btn--ghost btn--small" aria-expanded={open} aria-controls={panelId}
        onClick={() => setOpen((v) => !v)}>@ {t('notifications.mention.button')}</button>
      {open && (
        <div id={panelId} className={`mention__panel${up ? ' mention__panel--up' : ''}`}>
          <input type="search" aria-label={t('notifications.mention.search')} placeholder={t('notifications.mention.search')}
            value={q} onChange={(e) => setQ(e.target.value)} autoFocus
            onKeyDown={(e) => { if (e.key === 'Escape') setOpen(false); }} />
          <ul className="mention__list">
            {(people.data ?? []).map((person) => (
              <li key={person.id}>
                <button type="button" aria-label={t('notifications.mention.pick', { name: person.name })}
                  onClick={() => { onPick(person.name); setOpen(false); setQ(''); }}>
                  <span className="avatar" aria-hidden="true">{person.name.slice(0, 1)}</span>{person.name}
                </button>
              </li>
            ))}
            {people.isSuccess && people.data.length === 0 && <li className="muted">{t('notifications.mention.empty')}</li>}
          </ul>
        </div>
      )}
    </div>
  );
}
