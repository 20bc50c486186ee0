import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { TextField } from '@/components/field';
import { ProgressBar } from '@/components/progress-bar';
import { ErrorState, InlineError, Loading } from '@/components/status';
import { PHOTO_TYPES, PersonPhoto, resizePhoto, usePerson, useUpdateProfile } from '@/features/people';
import { useUploadLimits, useUploads } from '@/features/uploads';
import { fieldError } from '@/lib/api/errors';
import { rules } from '@/lib/api/rules';
import type { Profile } from '@/lib/api/types';

// The server's rule for phones, from its OpenAPI document.
const PHONE = rules.ProfileUpdate.phone;
const PHONE_PATTERN = new RegExp(PHONE.pattern);

/** The signed-in employee's own profile: photo and phone. Department and title are the admins'. */
export function MyProfile({ userId }: { userId: number }) {
  const person = usePerson(userId);
  if (person.isPending) return <Loading />;
  if (person.isError) return <ErrorState error={person.error} onRetry={() => person.refetch()} />;
  return <ProfileEditor key={person.data.id} person={person.data} />;
}

type PhotoChoice = { kind: 'new'; preview: string } | { kind: 'removed' } | null;

function ProfileEditor({ person }: { person: Profile }) {
  const { t } = useTranslation();
  const inputId = useId();
  const limits = useUploadLimits();
  const uploads = useUploads(limits.data); // presign → PUT to storage with progress, as attachments go
  const update = useUpdateProfile(person.id);
  const [phone, setPhone] = useState(person.phone ?? '');
  const [photo, setPhoto] = useState<PhotoChoice>(null);
  const [photoError, setPhotoError] = useState<string | null>(null);
  const [phoneError, setPhoneError] = useState<string | null>(null);
  const upload = uploads.items.at(-1);

  useEffect(() => () => { if (photo?.kind === 'new') URL.revokeObjectURL(photo.preview); }, [photo]);

  const choose = async (file: File | undefined) => {
    if (!file) return;
    setPhotoError(null);
    if (!PHOTO_TYPES.includes(file.type)) return setPhotoError(t('people.photoNotImage'));
    let resized: File;
    try {
      resized = await resizePhoto(file);
    } catch {
      return setPhotoError(t('people.photoUnreadable'));
    }
    uploads.items.forEach((item) => uploads.remove(item.id)); // one photo at a time
    uploads.addFiles([resized]);
    setPhoto({ kind: 'new', preview: URL.createObjectURL(resized) });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = phone.trim();
    if (trimmed && !PHONE_PATTERN.test(trimmed)) return setPhoneError(t('fieldErrors.phone_pattern'));
    setPhoneError(null);
    const body: { phone: string | null; photo_key?: string | null } = { phone: trimmed || null };
    if (photo?.kind === 'removed') body.photo_key = null;
    if (photo?.kind === 'new' && upload?.status === 'done' && upload.key) body.photo_key = upload.key;
    update.mutate(body, {
      onSuccess: () => {
        setPhoto(null);
        uploads.items.forEach((item) => uploads.remove(item.id));
      },
    });
  };

  const shown = photo?.kind === 'new' ? photo.preview : photo?.kind === 'removed' ? null : person.photo_url;
  const uploadFailed = upload?.status === 'error' || upload?.status === 'invalid';
  const waiting = photo?.kind === 'new' && upload?.status === 'uploading';

  return (
    <form className="form profile-form" onSubmit={submit} noValidate aria-labelledby="my-profile-title">
      <div className="profile-form__photo">
        <PersonPhoto name={person.name} url={shown} size="lg" alt={t('people.photoOf', { name: person.name })} />
        <div className="profile-form__photo-actions">
          <label htmlFor={inputId} className="btn btn--secondary btn--small">{t('people.choosePhoto')}</label>
          <input id={inputId} className="visually-hidden-input" type="file" accept={PHOTO_TYPES.join(',')}
            aria-label={t('people.choosePhoto')} disabled={!limits.data}
            onChange={(e) => { void choose(e.target.files?.[0]); e.target.value = ''; }} />
          {shown && (
            <button type="button" className="btn btn--ghost btn--small" onClick={() => { setPhoto({ kind: 'removed' }); setPhotoError(null); }}>
              {t('people.removePhoto')}
            </button>
          )}
          <small className="field__hint">{t('people.photoHint')}</small>
          {waiting && upload && <ProgressBar value={upload.progress} label={t('people.photoUploading')} />}
          {uploadFailed && <p className="form-error" role="alert">{t('people.photoFailed')}</p>}
          {photoError && <p className="form-error" role="alert">{photoError}</p>}
          {fieldError(update.error, 'photo_key') && <p className="form-error" role="alert">{fieldError(update.error, 'photo_key')}</p>}
        </div>
      </div>
      <div className="profile-form__assigned">
        <dl className="kv">
          <dt>{t('people.department')}</dt><dd>{person.department ?? '—'}</dd>
          <dt>{t('people.jobTitle')}</dt><dd>{person.title ?? '—'}</dd>
        </dl>
        <small className="field__hint">{t('people.setByAdmins')}</small>
      </div>
      <TextField label={t('people.phone')} type="tel" autoComplete="tel" inputMode="tel" value={phone} maxLength={PHONE.maxLength}
        onChange={(e) => { setPhone(e.target.value); setPhoneError(null); }} hint={t('people.phoneHint')}
        error={phoneError ?? fieldError(update.error, 'phone')} />
      {!fieldError(update.error, 'phone') && !fieldError(update.error, 'photo_key') && <InlineError error={update.error} />}
      <div className="form__actions">
        {update.isSuccess && !photo && <span className="form-success" role="status">{t('people.saved')}</span>}
        <button type="submit" className="btn btn--primary" disabled={update.isPending || waiting || uploadFailed}>
          {waiting ? t('editor.waitForUploads') : update.isPending ? t('common.saving') : t('common.save')}
        </button>
      </div>
    </form>
  );
}
