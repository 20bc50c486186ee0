import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { usePageTitle } from '@/components/page-title';
import { Loading } from '@/components/status';
import { LoginForm, SsoSignIn, safeNext, useAuthMethods, useSession } from '@/features/auth';
import { LanguageSwitch } from '../language-switch';

export function LoginRoute() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { status } = useSession();
  const next = safeNext(params.get('next'));
  const methods = useAuthMethods();
  usePageTitle(t('auth.signIn'));

  if (status === 'unknown' || methods.isPending) return <Loading />;
  if (status === 'authenticated') return <Navigate to={next} replace />;

  return (
    <main className="login" id="main">
      <div className="login__card">
        <div className="login__head">
          <h1 className="brand brand--large">{t('app.name')}</h1>
          <LanguageSwitch />
        </div>
        <p className="muted">{t('auth.welcome')}</p>
        {(params.get('expired') === '1' || status === 'expired') && (
          <p className="notice-banner" role="status">{t('auth.sessionExpired')}</p>
        )}
        {methods.data?.sso && <SsoSignIn next={next} error={params.get('sso_error')} />}
        {methods.data?.sso && methods.data.password && <p className="login__or">{t('auth.sso.or')}</p>}
        {/* Without an answer about the methods, offer the password form: today's behaviour. */}
        {(methods.data?.password ?? true) && <LoginForm onSuccess={() => navigate(next, { replace: true })} />}
      </div>
    </main>
  );
}
