import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { EmptyState } from '@/components/status';
import { useSession } from '@/features/auth';
import type { Conversation } from '../api/types';
import { seedOnline } from '../realtime/activity';
import { useOnline } from '../realtime/use-chat-realtime';

export function ConversationList({ conversations }: { conversations: Conversation[] }) {
  const { t } = useTranslation();
  useEffect(() => seedOnline(conversations.flatMap((c) => c.members)), [conversations]);
  if (conversations.length === 0) return <EmptyState>{t('chat.noConversations')}</EmptyState>;
  return (
    <ul className="chat-list" aria-label={t('chat.conversations')}>
      {conversations.map((conversation) => <ConversationRow key={conversation.id} conversation={conversation} />)}
    </ul>
  );
}

function ConversationRow({ conversation }: { conversation: Conversation }) {
  const { t } = useTranslation();
  const me = useSession().user;
  const other = conversation.kind === 'dm' ? conversation.members.find((m) => m.id !== me?.id) : undefined;
  const online = useOnline(other?.id, other?.online);
  const last = conversation.last_message;
  const preview = !last ? '' : last.deleted_at ? t('chat.message.deleted') : last.body || t('chat.attachmentOnly');
  return (
    <li>
      <NavLink to={`/chat/${conversation.id}`} className="chat-list__item" data-testid="chat-conversation">
        <span className="avatar" aria-hidden="true">{conversation.title.slice(0, 1)}</span>
        <span className="chat-list__text">
          <span className="chat-list__title">
            {other && <span className={`presence-dot${online ? ' presence-dot--on' : ''}`} aria-label={online ? t('chat.online') : t('chat.offline')} />}
            {conversation.title}
            {conversation.kind === 'room' && <span className="chat-list__members muted">{t('chat.memberCount', { count: conversation.members.length })}</span>}
          </span>
          <span className="chat-list__preview muted">{preview}</span>
        </span>
        {conversation.unread_count > 0 && (
          <span className="chat-badge" data-testid="chat-unread" aria-label={t('chat.unread', { count: conversation.unread_count })}>
            {conversation.unread_count > 99 ? '99+' : conversation.unread_count}
          </span>
        )}
      </NavLink>
    </li>
  );
}
