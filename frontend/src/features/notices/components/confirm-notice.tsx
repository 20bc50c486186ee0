import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { InlineError } from '@/components/status';
import { api, unwrap } from '@/lib/api/client';

type PostNotice = { id: number; requires_ack: boolean; acked: boolean };

/** Under a required-read notice's text: the reader confirms here, having opened it. */
export function ConfirmNotice({ notice }: { notice: PostNotice }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const ack = useMutation({
    mutationFn: async () => unwrap(await api.POST('/api/notices/{notice_id}/ack', { params: { path: { notice_id: notice.id } } })),
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: ['notices'] }), queryClient.invalidateQueries({ queryKey: ['posts'] })]),
  });
  if (!notice.requires_ack) return null;
  return (
    <section className={`notice-confirm${notice.acked ? '' : ' notice--pending'}`} data-testid="notice-confirm" data-acked={notice.acked ? 'true' : 'false'}>
      {notice.acked ? (
        <span className="badge badge--ok">{t('notices.acked')}</span>
      ) : (
        <>
          <p>{t('notices.confirmPrompt')}</p>
          <button type="button" className="btn btn--primary" onClick={() => ack.mutate()} disabled={ack.isPending}>{t('notices.confirm')}</button>
        </>
      )}
      <InlineError error={ack.error} />
    </section>
  );
}
