import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorState, Loading } from '@/components/status';
import { useSession } from '@/features/auth';
import { dayOf, formatDay } from '@/lib/format';
import { markReadInList, noteMessageInList } from '../api/conversations';
import { deleteMessage, editMessage, flatten, markRead, sendMessage, upsertMessage, useMessages } from '../api/messages';
import type { Conversation } from '../api/types';
import { emitTyping } from '../realtime/connection';
import { useOnline, useTypists } from '../realtime/use-chat-realtime';
import { Composer } from './composer';
import { MessageItem, PendingItem, type PendingMessage } from './message-item';
import { RoomSettings } from './room-settings';

const NEAR_BOTTOM_PX = 120;

function newClientId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

export function MessagePane({ conversation }: { conversation: Conversation }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const me = useSession().user;
  const history = useMessages(conversation.id);
  const messages = useMemo(() => flatten(history.data), [history.data]);
  const [pending, setPending] = useState<PendingMessage[]>([]);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const scroller = useRef<HTMLDivElement>(null);
  const sentinel = useRef<HTMLDivElement>(null);
  const fromBottom = useRef(0);
  const firstId = messages[0]?.id;
  const lastMessage = messages[messages.length - 1];

  // Sent messages that the server already has (by client id) are no longer pending.
  const stored = useMemo(() => new Set(messages.filter((m) => m.author.id === me?.id).map((m) => m.client_id)), [messages, me?.id]);
  const visiblePending = pending.filter((p) => !stored.has(p.clientId));

  const send = useCallback(async (item: PendingMessage) => {
    setPending((list) => [...list.filter((p) => p.clientId !== item.clientId), { ...item, status: 'sending', error: undefined }]);
    try {
      const message = await sendMessage(conversation.id, { body: item.body, client_id: item.clientId, attachment_key: item.attachment?.key });
      upsertMessage(queryClient, message);
      noteMessageInList(queryClient, message, me?.id, false);
      setPending((list) => list.filter((p) => p.clientId !== item.clientId));
    } catch (error) {
      // A retry reuses the client id, so a send that did reach the server is not stored twice.
      setPending((list) => list.map((p) => (p.clientId === item.clientId ? { ...p, status: 'failed', error } : p)));
    }
  }, [conversation.id, queryClient, me?.id]);

  // Keep the view pinned: at the bottom for new messages, in place when older ones load.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight - fromBottom.current;
  }, [firstId]);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && fromBottom.current < NEAR_BOTTOM_PX + el.clientHeight) el.scrollTop = el.scrollHeight;
  }, [lastMessage?.id, visiblePending.length]);
  const onScroll = () => {
    const el = scroller.current;
    if (el) fromBottom.current = el.scrollHeight - el.scrollTop;
  };

  // Infinite scroll back: load older messages when the top comes into view.
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = history;
  useEffect(() => {
    const el = sentinel.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && hasNextPage && !isFetchingNextPage) void fetchNextPage();
    }, { root: scroller.current, rootMargin: '200px 0px 0px 0px' });
    observer.observe(el);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  // Read up to the newest message while this conversation is on screen.
  const lastRead = useRef(conversation.last_read_message_id ?? 0);
  useEffect(() => {
    const markIfVisible = () => {
      if (!lastMessage || lastMessage.id <= lastRead.current || document.visibilityState !== 'visible') return;
      lastRead.current = lastMessage.id;
      markReadInList(queryClient, conversation.id, lastMessage.id);
      void markRead(conversation.id, lastMessage.id).catch(() => undefined);
    };
    markIfVisible();
    document.addEventListener('visibilitychange', markIfVisible);
    return () => document.removeEventListener('visibilitychange', markIfVisible);
  }, [lastMessage, conversation.id, queryClient]);

  const other = conversation.kind === 'dm' ? conversation.members.find((m) => m.id !== me?.id) : undefined;
  const otherOnline = useOnline(other?.id, other?.online);
  const typists = useTypists(conversation.id).filter((typist) => typist.userId !== me?.id);

  return (
    <section className="chat-pane" aria-labelledby="chat-pane-title">
      <header className="chat-pane__head">
        <Link to="/chat" className="chat-pane__back btn btn--ghost btn--small">← {t('chat.backToList')}</Link>
        <div className="chat-pane__heading">
          <h2 id="chat-pane-title" className="chat-pane__title" data-testid="chat-title">{conversation.title}</h2>
          <p className="chat-pane__sub muted">
            {other ? (
              <span data-testid="chat-presence" data-online={otherOnline}>
                <span className={`presence-dot${otherOnline ? ' presence-dot--on' : ''}`} aria-hidden="true" />
                {otherOnline ? t('chat.online') : t('chat.offline')}
              </span>
            ) : t('chat.members', { count: conversation.members.length })}
          </p>
        </div>
        {conversation.kind === 'room' && (
          <button type="button" className="btn btn--secondary btn--small" onClick={() => setSettingsOpen(true)}>{t('chat.room.settings')}</button>
        )}
      </header>

      <div className="chat-pane__scroll" ref={scroller} onScroll={onScroll} data-testid="chat-scroll">
        <div ref={sentinel} />
        {history.isPending ? <Loading /> : history.isError ? <ErrorState error={history.error} onRetry={() => void history.refetch()} /> : (
          <>
            {isFetchingNextPage && <Loading label={t('chat.loadingOlder')} />}
            {hasNextPage && !isFetchingNextPage && (
              <button type="button" className="btn btn--ghost btn--small chat-pane__older" onClick={() => void fetchNextPage()}>
                {t('common.loadMore')}
              </button>
            )}
            {!hasNextPage && messages.length > 0 && <p className="chat-pane__beginning muted">{t('chat.beginning')}</p>}
            {messages.length === 0 && visiblePending.length === 0 && <p className="chat-pane__beginning muted">{t('chat.noMessages')}</p>}
            <ol className="chat-messages" aria-live="polite">
              {messages.map((message, index) => [
                dayOf(message.created_at) !== (index > 0 ? dayOf(messages[index - 1].created_at) : '') && (
                  <li key={`day-${message.id}`} className="chat-day" data-testid="chat-day" role="separator">
                    <span>{formatDay(message.created_at, i18n.language)}</span>
                  </li>
                ),
                <MessageItem
                  key={message.id}
                  message={message}
                  mine={message.author.id === me?.id}
                  showAuthor={conversation.kind === 'room' && messages[index - 1]?.author.id !== message.author.id}
                  onEdit={async (body) => upsertMessage(queryClient, await editMessage(message.id, body))}
                  onDelete={async () => deleteMessage(message.id)}
                />,
              ])}
              {visiblePending.map((item) => (
                <PendingItem key={item.clientId} pending={item} onRetry={() => void send(item)}
                  onDiscard={() => setPending((list) => list.filter((p) => p.clientId !== item.clientId))} />
              ))}
            </ol>
          </>
        )}
      </div>

      <p className="chat-pane__typing muted" aria-live="polite" data-testid="chat-typing">
        {typists.length === 1 ? t('chat.typing', { name: typists[0].name }) : typists.length > 1 ? t('chat.typingMany') : ''}
      </p>
      <Composer
        draftKey={`portal.chat.draft.${conversation.id}`}
        onTyping={() => emitTyping(conversation.id)}
        onSend={(body, attachment) => void send({ clientId: newClientId(), body, attachment, status: 'sending' })}
      />
      {settingsOpen && <RoomSettings conversation={conversation} onClose={() => setSettingsOpen(false)} />}
    </section>
  );
}
