import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { BellIcon } from '@/components/icons';
import { LoadMore } from '@/components/load-more';
import { EmptyState, ErrorState, Loading } from '@/components/status';
import { formatDateTime } from '@/lib/format';
import { notificationPath, useMarkAllRead, useMarkRead, useNotifications, type Notification } from '../api/notifications';

/** The header's bell: the unread count as a badge, and a panel with the list. */
export function NotificationBell({ unread }: { unread: number }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const wrapper = useRef<HTMLDivElement>(null);
  const { pathname } = useLocation();

  useEffect(() => setOpen(false), [pathname]);
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => { if (event.key === 'Escape') setOpen(false); };
    const onClick = (event: MouseEvent) => {
      if (!wrapper.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onClick);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onClick);
    };
  }, [open]);

  return (
    <div className="bell" ref={wrapper}>
      <button type="button" className="btn btn--ghost bell__button" aria-expanded={open} aria-controls={panelId}
        data-testid="notification-bell" onClick={() => setOpen((v) => !v)}>
        <BellIcon size={20} />
        <span className="visually-hidden">{t('notifications.bellLabel', { count: unread })}</span>
        {unread > 0 && <span className="bell__badge" aria-hidden="true" data-testid="notification-badge">{unread > 99 ? '99+' : unread}</span>}
      </button>
      {open && <NotificationPanel id={panelId} unread={unread} onNavigate={() => setOpen(false)} />}
    </div>
  );
}

function NotificationPanel({ id, unread, onNavigate }: { id: string; unread: number; onNavigate: () => void }) {
  const { t } = useTranslation();
  const list = useNotifications(true);
  const markAll = useMarkAllRead();
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section id={id} className="bell__panel" aria-label={t('notifications.title')} data-testid="notification-panel">
      <header className="bell__head">
        <h2>{t('notifications.title')}</h2>
        <button type="button" className="btn btn--ghost btn--small" disabled={unread === 0 || markAll.isPending}
          onClick={() => markAll.mutate({})}>{t('notifications.markAllRead')}</button>
      </header>
      {list.isPending && <Loading />}
      {list.isError && <ErrorState error={list.error} onRetry={() => list.refetch()} />}
      {list.isSuccess && items.length === 0 && <EmptyState>{t('notifications.empty')}</EmptyState>}
      {items.length > 0 && (
        <ul className="bell__list">
          {items.map((n) => <NotificationItem key={n.id} notification={n} onNavigate={onNavigate} />)}
        </ul>
      )}
      <LoadMore hasMore={!!list.hasNextPage} loading={list.isFetchingNextPage} onLoad={() => list.fetchNextPage()} />
    </section>
  );
}

function NotificationItem({ notification: n, onNavigate }: { notification: Notification; onNavigate: () => void }) {
  const { t, i18n } = useTranslation();
  const markRead = useMarkRead();
  const name = n.actor?.name ?? t('notifications.someone');
  return (
    <li className={`bell__item${n.read_at ? '' : ' bell__item--unread'}`} data-testid="notification-item">
      <Link to={notificationPath(n)} onClick={() => { if (!n.read_at) markRead.mutate(n.id); onNavigate(); }}>
        <span className="bell__what">{t(`notifications.kinds.${n.kind}`, { name })}</span>
        {n.excerpt && <span className="bell__excerpt">{n.excerpt}</span>}
        <time dateTime={n.created_at} className="muted">{formatDateTime(n.created_at, i18n.language)}</time>
        {!n.read_at && <span className="visually-hidden">{t('notifications.unread')}</span>}
      </Link>
    </li>
  );
}
