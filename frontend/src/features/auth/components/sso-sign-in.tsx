import { useTranslation } from 'react-i18next';
import { ssoStartUrl } from '../api/methods';

/** The refusals the portal's single sign-on callback names in `?sso_error=` (portal/auth/sso). */
export const SSO_ERRORS = [
  'state_mismatch', 'provider_unavailable', 'access_denied', 'sso_failed', 'email_unverified',
  'domain_not_allowed', 'account_not_found', 'account_inactive', 'sso_disabled',
] as const;

export function ssoErrorKey(code: string | null): string | null {
  if (!code) return null;
  return (SSO_ERRORS as readonly string[]).includes(code) ? `auth.sso.errors.${code}` : 'auth.sso.errors.sso_failed';
}

export function SsoSignIn({ next, error }: { next: string; error: string | null }) {
  const { t } = useTranslation();
  const key = ssoErrorKey(error);
  return (
    <div className="sso">
      {key && <p className="form-error" role="alert">{t(key)}</p>}
      <a className="btn btn--primary btn--block" href={ssoStartUrl(next)}>{t('auth.sso.button')}</a>
    </div>
  );
}
