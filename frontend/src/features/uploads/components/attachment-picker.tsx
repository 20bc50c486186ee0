import { useId, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ProgressBar } from '@/components/progress-bar';
import { formatSize } from '@/lib/format';
import type { UploadLimits } from '@/lib/api/types';
import type { UploadItem, Uploads } from '../use-uploads';

/** File picker and drop zone; every file shows its progress and can be cancelled or retried. */
export function AttachmentPicker({ uploads, limits }: { uploads: Uploads; limits: UploadLimits | undefined }) {
  const { t } = useTranslation();
  const inputId = useId();
  const [dragging, setDragging] = useState(false);

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    uploads.addFiles(Array.from(event.dataTransfer.files));
  };

  return (
    <fieldset className="attachments">
      <legend>{t('uploads.title')}</legend>
      <div
        className={`dropzone${dragging ? ' dropzone--active' : ''}`}
        data-testid="dropzone"
        onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p>{t('uploads.dropHere')}</p>
        <label htmlFor={inputId} className="btn btn--secondary">{t('uploads.choose')}</label>
        <input
          id={inputId}
          className="visually-hidden-input"
          type="file"
          multiple
          accept={limits?.content_types.join(',')}
          disabled={!limits}
          aria-label={t('uploads.choose')}
          onChange={(e) => {
            uploads.addFiles(Array.from(e.target.files ?? []));
            e.target.value = '';
          }}
        />
        {limits && <small className="field__hint">{t('uploads.limitHint', { size: formatSize(limits.max_bytes) })}</small>}
      </div>
      {uploads.items.length > 0 && (
        <ul className="upload-list">
          {uploads.items.map((item) => <UploadRow key={item.id} item={item} uploads={uploads} />)}
        </ul>
      )}
    </fieldset>
  );
}

function UploadRow({ item, uploads }: { item: UploadItem; uploads: Uploads }) {
  const { t } = useTranslation();
  let status: string;
  if (item.problem?.code === 'too_large') status = t('uploads.tooLarge', { size: formatSize(item.problem.max) });
  else if (item.problem?.code === 'bad_type') status = t('uploads.badType');
  else if (item.problem?.code === 'empty') status = t('uploads.empty');
  else status = t(`uploads.status.${item.status}`);

  return (
    <li className={`upload upload--${item.status}`} data-testid="upload" data-status={item.status}>
      <div className="upload__info">
        <span className="upload__name">{item.name}</span>
        <span className="upload__size">{formatSize(item.size)}</span>
      </div>
      {item.status === 'uploading' && <ProgressBar value={item.progress} label={t('uploads.progress', { name: item.name })} />}
      <div className="upload__actions">
        <span className={`upload__status${item.status === 'invalid' || item.status === 'error' ? ' field__error' : ''}`} role={item.status === 'invalid' || item.status === 'error' ? 'alert' : undefined}>{status}</span>
        {item.status === 'uploading' && (
          <button type="button" className="btn btn--ghost btn--small" onClick={() => uploads.cancel(item.id)}>{t('common.cancel')}</button>
        )}
        {(item.status === 'error' || item.status === 'cancelled') && (
          <button type="button" className="btn btn--ghost btn--small" onClick={() => uploads.retry(item.id)}>{t('common.retry')}</button>
        )}
        {item.status !== 'uploading' && (
          <button type="button" className="btn btn--ghost btn--small" onClick={() => uploads.remove(item.id)} aria-label={t('uploads.removeNamed', { name: item.name })}>
            {t('common.remove')}
          </button>
        )}
      </div>
    </li>
  );
}
