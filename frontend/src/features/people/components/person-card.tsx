import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Person } from '@/lib/api/types';
import { PersonPhoto } from './person-photo';
import { Presence } from './presence';

/** One colleague in the directory: photo, name, title and department, and how to reach them. */
export function PersonCard({ person }: { person: Person }) {
  const { t } = useTranslation();
  const role = [person.title, person.department].filter(Boolean).join(' · ');
  return (
    <li className="person-card" data-testid="person-card">
      <PersonPhoto name={person.name} url={person.photo_url} />
      <div className="person-card__body">
        <span className="person-card__name">
          <Presence online={person.online} />
          <Link to={`/people/${person.id}`}>{person.name}</Link>
        </span>
        <span className="person-card__role">{role || t('people.noDepartment')}</span>
        <span className="person-card__contact">
          {person.phone && <a href={`tel:${person.phone.replace(/[^\d+]/g, '')}`} aria-label={t('people.callNamed', { name: person.name })}>{person.phone}</a>}
          <a href={`mailto:${person.email}`}>{person.email}</a>
        </span>
      </div>
    </li>
  );
}
