import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { errorMessage } from '@/components/status';
import { useAddMembers, useLeaveRoom, useRenameRoom } from '../api/conversations';
import type { Conversation } from '../api/types';
import { useOnline } from '../realtime/use-chat-realtime';
import { PeoplePicker } from './people-picker';

/** Members (with presence), add people, rename (owner or admin) and leave. */
export function RoomSettings({ conversation, onClose }: { conversation: Conversation; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [name, setName] = useState(conversation.title);
  const rename = useRenameRoom(conversation.id);
  const add = useAddMembers(conversation.id);
  const leave = useLeaveRoom(conversation.id);
  const error = rename.error ?? add.error ?? leave.error;

  async function submitRename(event: FormEvent) {
    event.preventDefault();
    await rename.mutateAsync(name.trim()).catch(() => undefined);
  }

  async function doLeave() {
    if (!window.confirm(t('chat.room.leaveConfirm'))) return;
    await leave.mutateAsync(undefined).then(() => { onClose(); navigate('/chat'); }).catch(() => undefined);
  }

  return (
    <div className="modal-backdrop" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="modal chat-dialog" role="dialog" aria-modal="true" aria-labelledby="chat-settings-title">
        <h2 id="chat-settings-title">{t('chat.room.settings')}</h2>
        {conversation.can_manage && (
          <form className="inline-form" onSubmit={(e) => void submitRename(e)}>
            <input aria-label={t('chat.room.name')} value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />
            <button type="submit" className="btn btn--secondary btn--small" disabled={!name.trim() || rename.isPending}>{t('chat.room.rename')}</button>
          </form>
        )}
        <h3 className="section-title">{t('chat.room.members')}</h3>
        <ul className="chat-members">
          {conversation.members.map((member) => <MemberRow key={member.id} id={member.id} name={member.name} online={member.online} />)}
        </ul>
        <h3 className="section-title">{t('chat.room.addPeople')}</h3>
        <PeoplePicker exclude={conversation.members.map((m) => m.id)} onPick={(p) => void add.mutateAsync([p.id]).catch(() => undefined)}
          label={(p) => t('chat.room.addMember', { name: p.name })} />
        {error && <p className="form-error" role="alert">{errorMessage(error, t)}</p>}
        <div className="modal__actions">
          <button type="button" className="btn btn--danger" onClick={() => void doLeave()}>{t('chat.room.leave')}</button>
          <span className="spacer" />
          <button type="button" className="btn btn--secondary" onClick={onClose}>{t('common.cancel')}</button>
        </div>
      </div>
    </div>
  );
}

function MemberRow({ id, name, online }: { id: number; name: string; online: boolean }) {
  const { t } = useTranslation();
  const isOnline = useOnline(id, online);
  return (
    <li>
      <span className={`presence-dot${isOnline ? ' presence-dot--on' : ''}`} aria-hidden="true" />
      {name} <span className="visually-hidden">{isOnline ? t('chat.online') : t('chat.offline')}</span>
    </li>
  );
}
