import { useTranslation } from 'react-i18next';
import { ErrorState, InlineError, Loading } from '@/components/status';
import { useSetPasswordLogin, useSignInPolicy } from '../api/users';

/** The admins' switch: passwords for everyone, or the company account only (break-glass admins
 * keep their password). The server refuses what would lock everyone out, and says why. */
export function SignInPolicy() {
  const { t } = useTranslation();
  const policy = useSignInPolicy();
  const setPasswordLogin = useSetPasswordLogin();
  if (policy.isPending) return <Loading />;
  if (policy.isError) return <ErrorState error={policy.error} onRetry={() => policy.refetch()} />;
  const { password_login, sso, break_glass_admins } = policy.data;
  return (
    <section className="card" aria-labelledby="sign-in-policy-title">
      <h2 id="sign-in-policy-title" className="section-title">{t('admin.signIn.title')}</h2>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={password_login}
          disabled={setPasswordLogin.isPending}
          onChange={(e) => setPasswordLogin.mutate(e.target.checked)}
        />
        {t('admin.signIn.passwordLogin')}
      </label>
      <p className="muted">
        {password_login ? t('admin.signIn.onHint') : t('admin.signIn.offHint')}{' '}
        {t(sso ? 'admin.signIn.ssoOn' : 'admin.signIn.ssoOff')}{' '}
        {t('admin.signIn.breakGlassCount', { count: break_glass_admins })}
      </p>
      <InlineError error={setPasswordLogin.error} />
    </section>
  );
}
