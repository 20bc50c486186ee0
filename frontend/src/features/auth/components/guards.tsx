import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation } from 'react-router';
import { Loading } from '@/components/status';
import { useSession } from '../use-session';

/** Renders children only for a signed-in user; otherwise sign-in, with the way back in `next`.
 *  A session signed in with an initial password goes to the password change first. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { status, user } = useSession();
  const location = useLocation();
  if (status === 'unknown') return <Loading />;
  const next = `${location.pathname}${location.search}${location.hash}`;
  if (status !== 'authenticated') {
    const params = new URLSearchParams({ next });
    if (status === 'expired') params.set('expired', '1');
    return <Navigate to={`/login?${params.toString()}`} replace />;
  }
  if (user?.password_change_required) {
    return <Navigate to={`/password-change?${new URLSearchParams({ next }).toString()}`} replace />;
  }
  return <>{children}</>;
}

/** The admin area: not rendered (and its code not loaded) for anyone but admins. */
export function RequireAdmin({ children }: { children: ReactNode }) {
  const { user } = useSession();
  const { t } = useTranslation();
  if (user?.role !== 'admin') {
    return (
      <section className="page narrow" data-testid="forbidden">
        <h1>{t('errors.forbiddenTitle')}</h1>
        <p>{t('errors.forbiddenPage')}</p>
        <Link to="/" className="btn btn--secondary">{t('nav.home')}</Link>
      </section>
    );
  }
  return <>{children}</>;
}

/** Only paths inside the SPA are valid destinations after sign-in (no open redirect). */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/login') || next.startsWith('/password-change')) return '/';
  return next;
}
