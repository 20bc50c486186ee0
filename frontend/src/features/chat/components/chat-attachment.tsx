import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { PaperclipIcon } from '@/components/icons';
import { api, unwrap } from '@/lib/api/client';
import { formatSize } from '@/lib/format';
import type { Message } from '../api/types';

type Attachment = NonNullable<Message['attachment']>;

/** An image inline, any other file as a link, both through short-lived presigned URLs. */
export function ChatAttachment({ attachment }: { attachment: Attachment }) {
  const { t } = useTranslation();
  const url = useQuery({
    queryKey: ['uploads', 'presign-get', attachment.key],
    queryFn: async () => unwrap(await api.GET('/api/uploads/presign-get', { params: { query: { key: attachment.key } } })),
    staleTime: (query) => Math.max(10, (query.state.data?.expires_in ?? 300) - 60) * 1000,
  });
  if (attachment.is_image) {
    return url.data
      ? <a href={url.data.url} target="_blank" rel="noopener noreferrer"><img className="chat-image" src={url.data.url} alt={attachment.filename} loading="lazy" /></a>
      : <div className="chat-image chat-image--loading" aria-busy="true" />;
  }
  return (
    <span className="chat-file">
      <PaperclipIcon />
      <a href={url.data?.url} aria-label={t('chat.message.download', { name: attachment.filename })} target="_blank" rel="noopener noreferrer">
        {attachment.filename}
      </a>
      <span className="muted">{formatSize(attachment.size)}</span>
    </span>
  );
}
