import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { usePageTitle } from '@/components/page-title';
import { Loading } from '@/components/status';
import { LoginForm, safeNext, useSession } from '@/features/auth';
import { LanguageSwitch } from '../language-switch';

export function LoginRoute() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { status } = useSession();
  const next = safeNext(params.get('next'));
  usePageTitle(t('auth.signIn'));

  if (status === 'unknown') return <Loading />;
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
        <LoginForm onSuccess={() => navigate(next, { replace: true })} />
      </div>
    </main>
  );
}
