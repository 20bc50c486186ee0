import { useTranslation } from 'react-i18next';
import { usePageTitle } from '@/components/page-title';
import { ChangePasswordForm, useSession } from '@/features/auth';

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
      <h2 className="section-title">{t('auth.changePassword')}</h2>
      <ChangePasswordForm />
    </section>
  );
}
