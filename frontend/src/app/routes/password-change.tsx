import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { usePageTitle } from '@/components/page-title';
import { Loading } from '@/components/status';
import { ChangePasswordForm, safeNext, useLogout, useSession } from '@/features/auth';
import { session } from '@/lib/api/session';
import { LanguageSwitch } from '../language-switch';

/** /password-change — where a session signed in with an initial password (an admin set it) is
 *  sent until it picks its own: the server answers nothing else for it (403 password_change_required). */
export function PasswordChangeRoute() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const logout = useLogout();
  const { status, user } = useSession();
  const next = safeNext(params.get('next'));
  usePageTitle(t('auth.initialPassword.title'));

  if (status === 'unknown') return <Loading />;
  if (status !== 'authenticated' || !user) return <Navigate to={`/login?${new URLSearchParams({ next }).toString()}`} replace />;
  if (!user.password_change_required) return <Navigate to={next} replace />;

  const changed = () => {
    session.updateUser({ ...user, password_change_required: false });
    navigate(next, { replace: true });
  };
  const signOut = () => logout.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) });

  return (
    <main className="login" id="main">
      <div className="login__card">
        <div className="login__head">
          <p className="brand brand--large">{t('app.name')}</p>
          <LanguageSwitch />
        </div>
        <h1 className="login__title">{t('auth.initialPassword.title')}</h1>
        <p className="notice-banner" role="status">{t('auth.initialPassword.why', { name: user.name })}</p>
        <p className="muted">{t('auth.initialPassword.how')}</p>
        <ChangePasswordForm onChanged={changed} />
        <button type="button" className="btn btn--ghost btn--small login__signout" onClick={signOut} disabled={logout.isPending}>
          {t('auth.signOut')}
        </button>
      </div>
    </main>
  );
}
