import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PinIcon } from '@/components/icons';
import { ErrorState, Loading } from '@/components/status';
import { formatDate } from '@/lib/format';
import type { Notice } from '@/lib/api/types';
import { useNotices } from '../api/notices';

/** Pinned notices; a required-read notice stays highlighted until the user confirms it on its own page. */
export function NoticeList({ boardId }: { boardId?: number }) {
  const { t } = useTranslation();
  const notices = useNotices(boardId);
  if (notices.isPending) return <Loading />;
  if (notices.isError) return <ErrorState error={notices.error} onRetry={() => notices.refetch()} />;
  if (notices.data.length === 0) return null;
  return (
    <section className="notices" aria-labelledby="notices-title">
      <h2 id="notices-title" className="section-title">{t('notices.title')}</h2>
      <ul className="notice-list">
        {notices.data.map((notice) => <NoticeItem key={notice.id} notice={notice} />)}
      </ul>
    </section>
  );
}

function NoticeItem({ notice }: { notice: Notice }) {
  const { t, i18n } = useTranslation();
  const pending = notice.requires_ack && !notice.acked;
  return (
    <li className={`notice${pending ? ' notice--pending' : ''}`} data-testid="notice" data-acked={notice.acked ? 'true' : 'false'}>
      <PinIcon className="notice__pin" size={18} />
      <div className="notice__main">
        <Link to={`/posts/${notice.post_id}`} className="notice__title">{notice.title}</Link>
        <span className="notice__meta">
          {notice.requires_ack && (
            <span className={`badge${notice.acked ? ' badge--ok' : ' badge--warn'}`}>
              {notice.acked ? t('notices.acked') : t('notices.requiresAck')}
            </span>
          )}
          <time dateTime={notice.created_at}>{formatDate(notice.created_at, i18n.language)}</time>
        </span>
      </div>
      {pending && (
        <Link to={`/posts/${notice.post_id}`} className="btn btn--primary btn--small">{t('notices.readToConfirm')}</Link>
      )}
    </li>
  );
}
