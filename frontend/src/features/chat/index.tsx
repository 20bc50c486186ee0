import './i18n';
import './chat.css';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorState, Loading } from '@/components/status';
import { conversationsKey, useConversations, useOpenDm } from './api/conversations';
import type { Conversation } from './api/types';
import { ConversationList } from './components/conversation-list';
import { MessagePane } from './components/message-pane';
import { NewConversation } from './components/new-conversation';
import { useChatRealtime, useConnectionState } from './realtime/use-chat-realtime';

/** /chat and /chat/:conversationId — the conversation list beside the open conversation;
 *  /chat/dm/:userId opens (or finds) the DM with a colleague, e.g. from their profile. */
export default function ChatRoute() {
  const rest = useParams()['*'] ?? '';
  const dmWith = /^dm\/(\d+)$/.exec(rest)?.[1];
  return dmWith ? <OpenDm userId={Number(dmWith)} /> : <Conversations openId={Number(rest) || undefined} />;
}

function OpenDm({ userId }: { userId: number }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const openDm = useOpenDm();
  const { mutate } = openDm;
  useEffect(() => {
    mutate(userId, {
      onSuccess: (conversation) => {
        if (!conversation) return;
        // In the list at once, so the conversation opens without a "not found" while the list reloads.
        queryClient.setQueryData<Conversation[]>(conversationsKey, (list) =>
          list && !list.some((c) => c.id === conversation.id) ? [conversation, ...list] : list);
        navigate(`/chat/${conversation.id}`, { replace: true });
      },
    });
  }, [userId, mutate, navigate, queryClient]);
  return openDm.isError ? <ErrorState error={openDm.error} onRetry={() => mutate(userId)} /> : <Loading />;
}

function Conversations({ openId }: { openId: number | undefined }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const conversations = useConversations();
  const connection = useConnectionState();
  const [dialog, setDialog] = useState<'dm' | 'room' | null>(null);
  useChatRealtime();

  const open = conversations.data?.find((c) => c.id === openId);
  return (
    <section className={`chat${openId ? ' chat--open' : ''}`}>
      <aside className="chat__side">
        <div className="chat__side-head">
          <h1>{t('chat.title')}</h1>
          <div className="chat__new">
            <button type="button" className="btn btn--secondary btn--small" onClick={() => setDialog('dm')}>{t('chat.newDm')}</button>
            <button type="button" className="btn btn--secondary btn--small" onClick={() => setDialog('room')}>{t('chat.newRoom')}</button>
          </div>
        </div>
        {connection === 'disconnected' && <p className="chat__offline" role="status">{t('chat.reconnecting')}</p>}
        {conversations.isPending ? <Loading /> : conversations.isError
          ? <ErrorState error={conversations.error} onRetry={() => void conversations.refetch()} />
          : <ConversationList conversations={conversations.data} />}
      </aside>
      <div className="chat__main">
        {open ? <MessagePane key={open.id} conversation={open} />
          : openId && conversations.isSuccess ? (
            <div className="chat__hint" data-testid="chat-not-found">
              <p>{t('chat.notFound')}</p>
              <Link to="/chat" className="btn btn--secondary btn--small">{t('chat.backToList')}</Link>
            </div>
          )
          : <p className="chat__hint muted">{openId && conversations.isPending ? '' : t('chat.selectConversation')}</p>}
      </div>
      {dialog && (
        <NewConversation kind={dialog} onClose={() => setDialog(null)}
          onOpened={(conversation) => { setDialog(null); navigate(`/chat/${conversation.id}`); }} />
      )}
    </section>
  );
}
