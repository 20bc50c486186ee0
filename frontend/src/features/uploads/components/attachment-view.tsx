import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PaperclipIcon } from '@/components/icons';
import { formatSize } from '@/lib/format';
import type { Attachment } from '@/lib/api/types';
import { presignDownload, useDownloadUrl } from '../api/presign-get';

/** Images inline (through presigned download URLs), other files as a download list. */
export function AttachmentView({ attachments }: { attachments: Attachment[] }) {
  const { t } = useTranslation();
  const images = attachments.filter((a) => a.is_image);
  const files = attachments.filter((a) => !a.is_image);
  return (
    <>
      {images.length > 0 && (
        <div className="post-images">
          {images.map((image) => <InlineImage key={image.key} attachment={image} />)}
        </div>
      )}
      {files.length > 0 && (
        <section className="post-files" aria-labelledby="post-files-title">
          <h2 id="post-files-title" className="section-title">{t('uploads.files')}</h2>
          <ul>
            {files.map((file) => <DownloadItem key={file.key} attachment={file} />)}
          </ul>
        </section>
      )}
    </>
  );
}

function InlineImage({ attachment }: { attachment: Attachment }) {
  const url = useDownloadUrl(attachment.key);
  if (!url.data) return <div className="post-image post-image--loading" aria-busy="true" />;
  return (
    <figure className="post-image">
      <a href={url.data.url} target="_blank" rel="noopener noreferrer">
        <img src={url.data.url} alt={attachment.filename} loading="lazy" data-testid="inline-image" />
      </a>
      <figcaption>{attachment.filename}</figcaption>
    </figure>
  );
}

/**
 * Fetches the file through a fresh presigned URL and saves it under its original (often
 * Korean) name; the `download` attribute is ignored for cross-origin URLs, not for blobs.
 */
async function download(attachment: Attachment) {
  const { url } = await presignDownload(attachment.key);
  try {
    const response = await fetch(url);
    if (!response.ok) throw new Error(String(response.status));
    const blobUrl = URL.createObjectURL(await response.blob());
    const link = document.createElement('a');
    link.href = blobUrl;
    link.download = attachment.filename;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(blobUrl), 10_000);
  } catch {
    window.location.assign(url);
  }
}

function DownloadItem({ attachment }: { attachment: Attachment }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  return (
    <li className="file-item">
      <PaperclipIcon className="file-item__icon" />
      <button
        type="button"
        className="link-button"
        disabled={busy}
        onClick={() => { setBusy(true); void download(attachment).finally(() => setBusy(false)); }}
        aria-label={t('uploads.downloadNamed', { name: attachment.filename })}
      >
        {attachment.filename}
      </button>
      <span className="file-item__size">{formatSize(attachment.size)}</span>
    </li>
  );
}
