import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState, ErrorState, InlineError, Loading } from '@/components/status';
import { formatDateTime } from '@/lib/format';
import type { Notice } from '@/lib/api/types';
import { useNoticeAcks, useNotices, useUnpinNotice } from '../api/notices';

/** Admin list of pinned notices: unpin, and for required-read ones who confirmed and who not. */
export function NoticeAdmin() {
  const { t } = useTranslation();
  const notices = useNotices();
  if (notices.isPending) return <Loading />;
  if (notices.isError) return <ErrorState error={notices.error} onRetry={() => notices.refetch()} />;
  return (
    <section className="card">
      <p className="muted">{t('admin.notices.howToPin')}</p>
      {notices.data.length === 0 ? (
        <EmptyState>{t('admin.notices.empty')}</EmptyState>
      ) : (
        <ul className="admin-notices">
          {notices.data.map((notice) => <NoticeAdminItem key={notice.id} notice={notice} />)}
        </ul>
      )}
    </section>
  );
}

function NoticeAdminItem({ notice }: { notice: Notice }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const unpin = useUnpinNotice();
  const acks = useNoticeAcks(notice.id, open);
  return (
    <li className="admin-notice" data-testid="admin-notice">
      <div className="admin-notice__head">
        <Link to={`/posts/${notice.post_id}`}><strong>{notice.title}</strong></Link>
        <span className="badge">{notice.scope === 'site' ? t('notices.scopeSite') : t('notices.scopeBoard')}</span>
        {notice.requires_ack && <span className="badge badge--warn">{t('notices.requiresAck')}</span>}
        <span className="spacer" />
        {notice.requires_ack && (
          <button type="button" className="btn btn--ghost btn--small" aria-expanded={open} onClick={() => setOpen((v) => !v)}>
            {t('admin.notices.ackStatus')}
          </button>
        )}
        <button type="button" className="btn btn--secondary btn--small" onClick={() => unpin.mutate(notice.id)} disabled={unpin.isPending}>{t('notices.unpin')}</button>
      </div>
      <InlineError error={unpin.error} />
      {open && acks.isPending && <Loading />}
      {open && acks.isError && <ErrorState error={acks.error} />}
      {open && acks.data && (
        <div className="acks" data-testid="acks">
          <div>
            <h3>{t('admin.notices.confirmed', { count: acks.data.acked.length })}</h3>
            <ul>
              {acks.data.acked.map((a) => (
                <li key={a.user.id} data-testid="ack-confirmed">
                  {a.user.name} <span className="muted">{a.user.email}</span> · <time dateTime={a.acked_at}>{formatDateTime(a.acked_at, i18n.language)}</time>
                </li>
              ))}
            </ul>
          </div>
          <div>
            <h3>{t('admin.notices.pending', { count: acks.data.pending.length })}</h3>
            <ul>
              {acks.data.pending.map((u) => <li key={u.id} data-testid="ack-pending">{u.name} <span className="muted">{u.email}</span></li>)}
            </ul>
          </div>
        </div>
      )}
    </li>
  );
}
