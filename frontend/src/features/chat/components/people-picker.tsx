import { useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePeople } from '../api/conversations';
import type { Person } from '../api/types';

/** Search colleagues and pick one; `exclude` hides people already chosen or in the room. */
export function PeoplePicker({ onPick, exclude = [], label }: { onPick: (person: Person) => void; exclude?: number[]; label: (p: Person) => string }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const people = usePeople(useDeferredValue(q.trim()));
  const shown = (people.data ?? []).filter((p) => !exclude.includes(p.id));
  return (
    <div className="chat-people">
      <input type="search" aria-label={t('chat.people.search')} placeholder={t('chat.people.search')} value={q}
        onChange={(e) => setQ(e.target.value)} autoFocus />
      <ul className="chat-people__list">
        {shown.map((person) => (
          <li key={person.id}>
            <button type="button" className="chat-people__item" aria-label={label(person)} onClick={() => onPick(person)}>
              <span className="avatar" aria-hidden="true">{person.name.slice(0, 1)}</span>
              {person.name}
            </button>
          </li>
        ))}
        {people.isSuccess && shown.length === 0 && <li className="muted">{t('chat.people.empty')}</li>}
      </ul>
    </div>
  );
}
