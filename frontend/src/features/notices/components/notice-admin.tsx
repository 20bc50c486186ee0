import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState, ErrorState, InlineError, Loading } from '@/components/status';
import { formatDateTime } from '@/lib/format';
import type { AdminNotice } from '@/lib/api/types';
import { useAdminNotices, useDownloadAcks, useNoticeAcks, useNoticeBody, useRetireNotice, useUnpinNotice } from '../api/notices';
import { NoticeForm } from './notice-form';

/** The admin area's notices: write one, and for each edit, retire, unpin, and see or download who confirmed. */
export function NoticeAdmin() {
  const { t } = useTranslation();
  const notices = useAdminNotices();
  const [writing, setWriting] = useState(false);
  return (
    <div className="stack">
      <section className="card" aria-labelledby="notice-compose-title">
        <div className="admin-notice__head">
          <h2 id="notice-compose-title" className="section-title">{t('admin.notices.compose')}</h2>
          <span className="spacer" />
          {!writing && <button type="button" className="btn btn--primary btn--small" onClick={() => setWriting(true)}>{t('admin.notices.new')}</button>}
        </div>
        {writing ? <NoticeForm onDone={() => setWriting(false)} /> : <p className="muted">{t('admin.notices.howToPin')}</p>}
      </section>
      <section className="card" aria-labelledby="notice-list-title">
        <h2 id="notice-list-title" className="section-title">{t('admin.notices.list')}</h2>
        {notices.isPending && <Loading />}
        {notices.isError && <ErrorState error={notices.error} onRetry={() => notices.refetch()} />}
        {notices.data && notices.data.length === 0 && <EmptyState>{t('admin.notices.empty')}</EmptyState>}
        {notices.data && notices.data.length > 0 && (
          <ul className="admin-notices">
            {notices.data.map((notice) => <NoticeAdminItem key={notice.id} notice={notice} />)}
          </ul>
        )}
      </section>
    </div>
  );
}

function NoticeWindow({ notice }: { notice: AdminNotice }) {
  const { t, i18n } = useTranslation();
  const when = (iso: string) => <time dateTime={iso}>{formatDateTime(iso, i18n.language)}</time>;
  return (
    <p className="muted admin-notice__window" data-testid="notice-window">
      {t('admin.notices.window')}: {notice.starts_at ? when(notice.starts_at) : t('admin.notices.fromPinning')}
      {' ~ '}
      {notice.ends_at ? when(notice.ends_at) : t('admin.notices.noEnd')}
    </p>
  );
}

function NoticeAdminItem({ notice }: { notice: AdminNotice }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const [editing, setEditing] = useState(false);
  const unpin = useUnpinNotice();
  const retire = useRetireNotice();
  const download = useDownloadAcks();
  const acks = useNoticeAcks(notice.id, open);
  const post = useNoticeBody(notice.post_id, editing);
  return (
    <li className={`admin-notice admin-notice--${notice.state}`} data-testid="admin-notice" data-state={notice.state}>
      <div className="admin-notice__head">
        <Link to={`/posts/${notice.post_id}`} className="admin-notice__title"><strong>{notice.title}</strong></Link>
        <span className={`badge badge--state-${notice.state}`} data-testid="notice-state">{t(`admin.notices.state.${notice.state}`)}</span>
        <span className="badge">{notice.scope === 'site' ? t('notices.scopeSite') : t('notices.scopeBoard')}</span>
        {notice.requires_ack && <span className="badge badge--warn">{t('notices.requiresAck')}</span>}
      </div>
      <NoticeWindow notice={notice} />
      <div className="admin-notice__actions">
        <button type="button" className="btn btn--ghost btn--small" aria-expanded={editing} onClick={() => setEditing((v) => !v)}>{t('common.edit')}</button>
        {notice.requires_ack && (
          <>
            <button type="button" className="btn btn--ghost btn--small" aria-expanded={open} onClick={() => setOpen((v) => !v)}>
              {t('admin.notices.ackStatus')}
            </button>
            <button type="button" className="btn btn--ghost btn--small" disabled={download.isPending}
              onClick={() => download.mutate({ id: notice.id, lang: i18n.language === 'en' ? 'en' : 'ko' })}>
              {t('admin.notices.downloadCsv')}
            </button>
          </>
        )}
        {notice.state !== 'ended' && (
          <button type="button" className="btn btn--secondary btn--small" disabled={retire.isPending}
            onClick={() => { if (window.confirm(t('admin.notices.retireConfirm', { title: notice.title }))) retire.mutate(notice.id); }}>
            {t('admin.notices.retire')}
          </button>
        )}
        <button type="button" className="btn btn--secondary btn--small" onClick={() => unpin.mutate(notice.id)} disabled={unpin.isPending}>{t('notices.unpin')}</button>
      </div>
      <InlineError error={unpin.error ?? retire.error ?? download.error} />
      {editing && post.isPending && <Loading />}
      {editing && post.isError && <ErrorState error={post.error} />}
      {editing && post.data && <NoticeForm notice={notice} body={post.data.body} onDone={() => setEditing(false)} />}
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
