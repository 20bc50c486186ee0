import { useTranslation } from 'react-i18next';
import { LoadMore } from '@/components/load-more';
import { EmptyState, ErrorState, Loading } from '@/components/status';
import { formatDateTime } from '@/lib/format';
import { useAuditLog } from '../api/audit';

export function AuditLog() {
  const { t, i18n } = useTranslation();
  const audit = useAuditLog();
  if (audit.isPending) return <Loading />;
  if (audit.isError) return <ErrorState error={audit.error} onRetry={() => audit.refetch()} />;
  const items = audit.data.pages.flatMap((p) => p.items);
  if (items.length === 0) return <EmptyState>{t('admin.audit.empty')}</EmptyState>;
  return (
    <section className="card">
      <div className="table-wrap">
        <table className="table table--compact">
          <thead>
            <tr>
              <th scope="col">{t('admin.audit.time')}</th>
              <th scope="col">{t('admin.audit.actor')}</th>
              <th scope="col">{t('admin.audit.action')}</th>
              <th scope="col">{t('admin.audit.target')}</th>
              <th scope="col">{t('admin.audit.ip')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((entry) => (
              <tr key={entry.id}>
                <td><time dateTime={entry.created_at}>{formatDateTime(entry.created_at, i18n.language)}</time></td>
                <td>{entry.actor && 'name' in entry.actor ? entry.actor.name : t('admin.audit.system')}</td>
                <td><code>{entry.action}</code></td>
                <td>{entry.target_type ? `${entry.target_type} #${entry.target_id ?? ''}` : '—'}</td>
                <td>{entry.ip ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <LoadMore hasMore={audit.hasNextPage} loading={audit.isFetchingNextPage} onLoad={() => audit.fetchNextPage()} />
    </section>
  );
}
