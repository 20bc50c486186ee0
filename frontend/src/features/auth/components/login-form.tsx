import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { TextField } from '@/components/field';
import { errorMessage } from '@/components/status';
import { ApiError } from '@/lib/api/errors';
import { useLogin } from '../api/login';

export function LoginForm({ onSuccess }: { onSuccess: () => void }) {
  const { t } = useTranslation();
  const login = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate({ email: email.trim(), password }, { onSuccess });
  };

  let message: string | null = null;
  if (login.error instanceof ApiError && login.error.status === 429) {
    message = t('auth.throttled', { seconds: login.error.retryAfter ?? 60 });
  } else if (login.error instanceof ApiError && login.error.status === 401) {
    message = t('auth.invalidCredentials');
  } else if (login.error instanceof ApiError && login.error.code === 'password_login_disabled') {
    message = t('auth.sso.passwordOff');
  } else if (login.error) {
    message = errorMessage(login.error, t);
  }

  return (
    <form className="form" onSubmit={submit} noValidate>
      <TextField label={t('auth.email')} type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
      <TextField label={t('auth.password')} type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      {message && <p className="form-error" role="alert">{message}</p>}
      <button type="submit" className="btn btn--primary btn--block" disabled={login.isPending || !email || !password}>
        {login.isPending ? t('auth.signingIn') : t('auth.signIn')}
      </button>
    </form>
  );
}
