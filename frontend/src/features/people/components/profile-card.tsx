import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Person } from '@/lib/api/types';
import { PersonPhoto } from './person-photo';
import { Presence } from './presence';

/** A colleague's profile: photo, name, department, title, phone and email; `actions` below. */
export function ProfileCard({ person, actions }: { person: Person; actions?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <article className="profile card" data-testid="profile">
      <PersonPhoto name={person.name} url={person.photo_url} size="lg" alt={t('people.photoOf', { name: person.name })} />
      <div className="profile__body">
        <h1><Presence online={person.online} />{person.name}</h1>
        {(person.title || person.department) && (
          <p className="profile__role">{[person.title, person.department].filter(Boolean).join(' · ')}</p>
        )}
        <dl className="kv profile__facts">
          <dt>{t('people.department')}</dt><dd>{person.department ?? '—'}</dd>
          <dt>{t('people.jobTitle')}</dt><dd>{person.title ?? '—'}</dd>
          <dt>{t('people.phone')}</dt>
          <dd>{person.phone ? <a href={`tel:${person.phone.replace(/[^\d+]/g, '')}`}>{person.phone}</a> : '—'}</dd>
          <dt>{t('people.email')}</dt><dd><a href={`mailto:${person.email}`}>{person.email}</a></dd>
        </dl>
        {actions && <div className="profile__actions">{actions}</div>}
      </div>
    </article>
  );
}
