import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '@/components/status';
import { useCreateRoom, useOpenDm } from '../api/conversations';
import type { Conversation, Person } from '../api/types';
import { PeoplePicker } from './people-picker';

type Props = { kind: 'dm' | 'room'; onClose: () => void; onOpened: (conversation: Conversation) => void };

/** The "new message" (pick one person) and "new room" (name + people) dialogs. */
export function NewConversation({ kind, onClose, onOpened }: Props) {
  const { t } = useTranslation();
  const openDm = useOpenDm();
  const createRoom = useCreateRoom();
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<Person[]>([]);
  const error = openDm.error ?? createRoom.error;

  async function pickForDm(person: Person) {
    const conversation = await openDm.mutateAsync(person.id).catch(() => undefined);
    if (conversation) onOpened(conversation);
  }

  async function submitRoom(event: FormEvent) {
    event.preventDefault();
    const conversation = await createRoom.mutateAsync({ name: name.trim(), member_ids: chosen.map((p) => p.id) }).catch(() => undefined);
    if (conversation) onOpened(conversation);
  }

  const title = kind === 'dm' ? t('chat.newDm') : t('chat.newRoom');
  return (
    <div className="modal-backdrop" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="modal chat-dialog" role="dialog" aria-modal="true" aria-labelledby="chat-new-title">
        <h2 id="chat-new-title">{title}</h2>
        {kind === 'dm' ? (
          <PeoplePicker onPick={(p) => void pickForDm(p)} label={(p) => t('chat.people.choose', { name: p.name })} />
        ) : (
          <form className="form" onSubmit={(e) => void submitRoom(e)}>
            <div className="field">
              <label htmlFor="chat-room-name">{t('chat.room.name')}</label>
              <input id="chat-room-name" value={name} maxLength={100} required onChange={(e) => setName(e.target.value)} />
            </div>
            <div className="field">
              <span className="chat-dialog__label">{t('chat.room.members')}</span>
              <ul className="chat-chips">
                {chosen.map((p) => (
                  <li key={p.id} className="badge">
                    {p.name}{' '}
                    <button type="button" className="link-button" aria-label={t('chat.room.removeMember', { name: p.name })}
                      onClick={() => setChosen((list) => list.filter((x) => x.id !== p.id))}>×</button>
                  </li>
                ))}
              </ul>
              <PeoplePicker exclude={chosen.map((p) => p.id)} onPick={(p) => setChosen((list) => [...list, p])}
                label={(p) => t('chat.room.addMember', { name: p.name })} />
            </div>
            <div className="modal__actions">
              <button type="button" className="btn btn--secondary" onClick={onClose}>{t('common.cancel')}</button>
              <button type="submit" className="btn btn--primary" disabled={!name.trim() || createRoom.isPending}>{t('chat.room.create')}</button>
            </div>
          </form>
        )}
        {error && <p className="form-error" role="alert">{errorMessage(error, t)}</p>}
        {kind === 'dm' && (
          <div className="modal__actions">
            <button type="button" className="btn btn--secondary" onClick={onClose}>{t('common.cancel')}</button>
          </div>
        )}
      </div>
    </div>
  );
}
