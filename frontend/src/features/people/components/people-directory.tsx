import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadMore } from '@/components/load-more';
import { EmptyState, ErrorState, Loading } from '@/components/status';
import { useDepartments, useDirectory } from '../api/people';
import { PersonCard } from './person-card';

type Props = { q: string; department: string | null; onSearch: (q: string) => void; onDepartment: (department: string | null) => void };

/** Everyone who works here, by name: search by name, email or department, or pick a department. */
export function PeopleDirectory({ q, department, onSearch, onDepartment }: Props) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(q);
  useEffect(() => setDraft(q), [q]);
  const departments = useDepartments();
  const people = useDirectory(q, department);
  const items = people.data?.pages.flatMap((page) => page.items) ?? [];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch(draft.trim());
  };

  return (
    <div className="directory">
      <form className="search" role="search" onSubmit={submit}>
        <label className="visually-hidden" htmlFor="people-search">{t('people.search')}</label>
        <input id="people-search" type="search" value={draft} onChange={(e) => setDraft(e.target.value)} placeholder={t('people.searchPlaceholder')} />
        <button type="submit" className="btn btn--secondary">{t('common.search')}</button>
      </form>
      <nav className="departments" aria-label={t('people.departments')}>
        <ul>
          <li>
            <button type="button" className="chip" aria-pressed={department === null} onClick={() => onDepartment(null)}>
              {t('people.everyone')} {departments.data && <span className="chip__count">{departments.data.total}</span>}
            </button>
          </li>
          {(departments.data?.items ?? []).map((d) => (
            <li key={d.name}>
              <button type="button" className="chip" aria-pressed={department === d.name} onClick={() => onDepartment(d.name)}>
                {d.name} <span className="chip__count">{d.count}</span>
              </button>
            </li>
          ))}
        </ul>
      </nav>
      {department && <h2 className="section-title">{department}</h2>}
      {people.isPending && <Loading />}
      {people.isError && <ErrorState error={people.error} onRetry={() => people.refetch()} />}
      {people.isSuccess && items.length === 0 && (
        <EmptyState>{q ? t('people.noResults', { q }) : t('people.empty')}</EmptyState>
      )}
      {items.length > 0 && (
        <ul className="people-grid" aria-label={t('people.list')}>
          {items.map((person) => <PersonCard key={person.id} person={person} />)}
        </ul>
      )}
      <LoadMore hasMore={people.hasNextPage} loading={people.isFetchingNextPage} onLoad={() => people.fetchNextPage()} />
    </div>
  );
}
