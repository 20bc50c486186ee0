import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePageTitle } from '@/components/page-title';
import { ChangePasswordForm, useSession } from '@/features/auth';
import { MyProfile } from './my-profile';

export function AccountRoute() {
  const { t } = useTranslation();
  const { user } = useSession();
  usePageTitle(t('account.title'));
  return (
    <section className="page narrow">
      <h1>{t('account.title')}</h1>
      <dl className="kv">
        <dt>{t('admin.users.name')}</dt><dd>{user?.name}</dd>
        <dt>{t('admin.users.email')}</dt><dd>{user?.email}</dd>
        <dt>{t('admin.users.role')}</dt><dd>{user ? t(`roles.${user.role}`) : ''}</dd>
      </dl>
      <div className="card__head">
        <h2 id="my-profile-title" className="section-title">{t('people.myProfile')}</h2>
        {user && <Link to={`/people/${user.id}`} className="more-link">{t('people.seeMine')}</Link>}
      </div>
      {user && <MyProfile userId={user.id} />}
      <h2 className="section-title account__password">{t('auth.changePassword')}</h2>
      <ChangePasswordForm />
    </section>
  );
}
