import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '@/components/status';
import { formatDateTime, formatTime } from '@/lib/format';
import type { Message } from '../api/types';
import { ChatAttachment } from './chat-attachment';

type Props = {
  message: Message;
  mine: boolean;
  showAuthor: boolean;
  onEdit: (body: string) => Promise<unknown>;
  onDelete: () => Promise<unknown>;
};

export function MessageItem({ message, mine, showAuthor, onEdit, onDelete }: Props) {
  const { t, i18n } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(message.body);
  const [error, setError] = useState<unknown>(null);
  const deleted = Boolean(message.deleted_at);

  async function save() {
    try {
      await onEdit(draft.trim());
      setEditing(false);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Escape') setEditing(false);
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    void save();
  }

  return (
    <li className={`chat-message${mine ? ' chat-message--mine' : ''}${editing ? ' chat-message--editing' : ''}`} data-testid="chat-message" data-message-id={message.id}>
      {showAuthor && !mine && <div className="chat-message__author">{message.author.name}</div>}
      <div className="chat-message__bubble">
        {deleted ? (
          <em className="muted" data-testid="chat-message-deleted">{t('chat.message.deleted')}</em>
        ) : editing ? (
          <div className="chat-message__edit">
            <textarea aria-label={t('chat.message.editLabel')} value={draft} rows={2} autoFocus
              onChange={(e) => setDraft(e.target.value)} onKeyDown={onKeyDown} />
            <div className="chat-message__edit-actions">
              <button type="button" className="btn btn--ghost btn--small" onClick={() => setEditing(false)}>{t('common.cancel')}</button>
              <button type="button" className="btn btn--primary btn--small" onClick={() => void save()}>{t('common.save')}</button>
            </div>
          </div>
        ) : (
          <>
            {message.body && <div className="chat-message__body" data-testid="chat-message-body">{message.body}</div>}
            {message.attachment && <ChatAttachment attachment={message.attachment} />}
          </>
        )}
        {error !== null && <p className="field__error" role="alert">{errorMessage(error, t)}</p>}
      </div>
      <div className="chat-message__meta">
        <time dateTime={message.created_at} title={formatDateTime(message.created_at, i18n.language)}>{formatTime(message.created_at, i18n.language)}</time>
        {message.edited_at && !deleted && <span> {t('chat.message.edited')}</span>}
        {mine && !deleted && !editing && (
          <span className="chat-message__actions">
            <button type="button" className="link-button" onClick={() => { setDraft(message.body); setEditing(true); }}>{t('chat.message.edit')}</button>
            <button type="button" className="link-button"
              onClick={() => { if (window.confirm(t('chat.message.deleteConfirm'))) void onDelete().catch(setError); }}>
              {t('chat.message.delete')}
            </button>
          </span>
        )}
      </div>
    </li>
  );
}

export type PendingMessage = {
  clientId: string;
  body: string;
  attachment?: { key: string; filename: string };
  status: 'sending' | 'failed';
  error?: unknown;
};

export function PendingItem({ pending, onRetry, onDiscard }: { pending: PendingMessage; onRetry: () => void; onDiscard: () => void }) {
  const { t } = useTranslation();
  return (
    <li className="chat-message chat-message--mine chat-message--pending" data-testid="chat-pending" data-status={pending.status}>
      <div className="chat-message__bubble">
        {pending.body && <div className="chat-message__body">{pending.body}</div>}
        {pending.attachment && <div className="muted">{pending.attachment.filename}</div>}
      </div>
      <div className="chat-message__meta">
        {pending.status === 'sending' ? t('chat.message.sending') : (
          <span role="alert">
            {pending.error ? errorMessage(pending.error, t) : t('chat.message.failed')}{' '}
            <button type="button" className="link-button" onClick={onRetry}>{t('chat.message.retry')}</button>{' '}
            <button type="button" className="link-button" onClick={onDiscard}>{t('chat.message.discard')}</button>
          </span>
        )}
      </div>
    </li>
  );
}
