import { useTranslation } from 'react-i18next';
import { LoadMore } from '@/components/load-more';
import { EmptyState, ErrorState, Loading } from '@/components/status';
import { formatDateTime } from '@/lib/format';
import { useAuditLog } from '../api/audit';

export function AuditLog() {
  const { t, i18n } = useTranslation();
  const audit = useAuditLog();
  // Actions and targets in words; an action this version does not know shows its code.
  const actionLabel = (action: string) => t(`admin.audit.actions.${action.replace('.', '_')}`, { defaultValue: action });
  const targetLabel = (entry: { target_type?: string | null; target_id?: string | null; detail: Record<string, unknown> }) => {
    if (!entry.target_type) return '—';
    const kind = t(`admin.audit.targets.${entry.target_type}`, { defaultValue: entry.target_type });
    const label = typeof entry.detail.target_label === 'string' ? entry.detail.target_label : `#${entry.target_id ?? ''}`;
    return `${kind} · ${label}`;
  };
  if (audit.isPending) return <Loading />;
  if (audit.isError) return <ErrorState error={audit.error} onRetry={() => audit.refetch()} />;
  const items = audit.data.pages.flatMap((p) => p.items);
  if (items.length === 0) return <EmptyState>{t('admin.audit.empty')}</EmptyState>;
  return (
    <section className="card">
      <div className="table-wrap">
        <table className="table table--compact table--stack">
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
                <td data-label={t('admin.audit.time')}><time dateTime={entry.created_at}>{formatDateTime(entry.created_at, i18n.language)}</time></td>
                <td data-label={t('admin.audit.actor')}>{entry.actor && 'name' in entry.actor ? entry.actor.name : t('admin.audit.system')}</td>
                <td data-label={t('admin.audit.action')}>{actionLabel(entry.action)}</td>
                <td data-label={t('admin.audit.target')}>{targetLabel(entry)}</td>
                <td data-label={t('admin.audit.ip')}>{entry.ip === 'cli' ? t('admin.audit.fromCli') : <span translate="no">{entry.ip ?? '—'}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <LoadMore hasMore={audit.hasNextPage} loading={audit.isFetchingNextPage} onLoad={() => audit.fetchNextPage()} />
    </section>
  );
}
