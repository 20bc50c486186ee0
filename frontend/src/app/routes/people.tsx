import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { usePageTitle } from '@/components/page-title';
import { ErrorState, Loading } from '@/components/status';
import { useSession } from '@/features/auth';
import { PeopleDirectory, ProfileCard, usePerson } from '@/features/people';
import { ApiError } from '@/lib/api/errors';
import { NotFoundRoute } from './not-found';

/** /people?q=&department= — the directory; the search and the department live in the address. */
export function PeopleRoute() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  usePageTitle(t('people.title'));
  const change = (key: 'q' | 'department', value: string | null) => setParams((current) => {
    const next = new URLSearchParams(current);
    if (value) next.set(key, value);
    else next.delete(key);
    return next;
  });
  return (
    <section className="page">
      <h1>{t('people.title')}</h1>
      <PeopleDirectory q={params.get('q') ?? ''} department={params.get('department')}
        onSearch={(q) => change('q', q)} onDepartment={(department) => change('department', department)} />
    </section>
  );
}

/** /people/:userId — a colleague's profile, with a way to message them (or to edit one's own). */
export function PersonRoute() {
  const { t } = useTranslation();
  const { user } = useSession();
  const id = Number(useParams().userId);
  const person = usePerson(id);
  usePageTitle(person.data?.name ?? t('people.title'));

  if (!Number.isInteger(id) || id < 1) return <NotFoundRoute />;
  if (person.isPending) return <Loading />;
  if (person.isError) {
    return person.error instanceof ApiError && person.error.status === 404
      ? <NotFoundRoute />
      : <ErrorState error={person.error} onRetry={() => person.refetch()} />;
  }
  const self = person.data.id === user?.id;
  return (
    <section className="page narrow">
      <Link to="/people" className="breadcrumb">← {t('people.title')}</Link>
      <ProfileCard person={person.data} actions={self
        ? <Link to="/account" className="btn btn--secondary">{t('people.editMine')}</Link>
        : <Link to={`/chat/dm/${person.data.id}`} className="btn btn--primary">{t('people.message')}</Link>} />
    </section>
  );
}
