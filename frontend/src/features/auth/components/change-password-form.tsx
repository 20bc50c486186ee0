import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { TextField } from '@/components/field';
import { InlineError } from '@/components/status';
import { fieldError } from '@/lib/api/errors';
import { rules } from '@/lib/api/rules';
import { useChangePassword } from '../api/change-password';

// The server's rule, from its OpenAPI document (src/lib/api/rules.ts is generated).
export const MIN_PASSWORD_LENGTH = rules.PasswordChange.new_password.minLength;
const MAX_PASSWORD_LENGTH = rules.PasswordChange.new_password.maxLength;

/** Change one's own password; `onChanged` runs once the server took the new one. */
export function ChangePasswordForm({ onChanged }: { onChanged?: () => void } = {}) {
  const { t } = useTranslation();
  const change = useChangePassword();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (next.length < MIN_PASSWORD_LENGTH) return setLocalError(t('auth.passwordTooShort', { min: MIN_PASSWORD_LENGTH }));
    if (next.length > MAX_PASSWORD_LENGTH) return setLocalError(t('auth.passwordTooLong', { max: MAX_PASSWORD_LENGTH }));
    if (next !== confirm) return setLocalError(t('auth.passwordMismatch'));
    setLocalError(null);
    change.mutate(
      { current_password: current, new_password: next },
      { onSuccess: () => { setCurrent(''); setNext(''); setConfirm(''); onChanged?.(); } },
    );
  };

  return (
    <form className="form" onSubmit={submit} noValidate>
      <TextField label={t('auth.currentPassword')} type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} error={fieldError(change.error, 'current_password')} />
      <TextField label={t('auth.newPassword')} type="password" autoComplete="new-password" required value={next} onChange={(e) => setNext(e.target.value)} hint={t('auth.passwordHint', { min: MIN_PASSWORD_LENGTH })} error={fieldError(change.error, 'new_password')} />
      <TextField label={t('auth.confirmPassword')} type="password" autoComplete="new-password" required value={confirm} onChange={(e) => setConfirm(e.target.value)} />
      {localError && <p className="form-error" role="alert">{localError}</p>}
      {!localError && <InlineError error={change.error} />}
      {change.isSuccess && <p className="form-success" role="status">{t('auth.passwordChanged')}</p>}
      <button type="submit" className="btn btn--primary" disabled={change.isPending}>{t('auth.changePassword')}</button>
    </form>
  );
}
