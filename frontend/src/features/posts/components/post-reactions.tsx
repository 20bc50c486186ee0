import { useTranslation } from 'react-i18next';
import { EyeIcon } from '@/components/icons';
import { InlineError } from '@/components/status';
import { usePostReactions, useToggleReaction } from '../api/reactions';

/** The view count and the reaction buttons under a post (the kinds and their emoji come from the server). */
export function PostReactions({ postId }: { postId: number }) {
  const { t } = useTranslation();
  const summary = usePostReactions(postId);
  const toggle = useToggleReaction(postId);
  if (!summary.data) return <InlineError error={summary.error} />;
  return (
    <section className="reactions" aria-label={t('reactions.title')} data-testid="post-reactions">
      <div className="reactions__buttons" role="group" aria-label={t('reactions.title')}>
        {summary.data.reactions.map((r) => (
          <button key={r.kind} type="button" aria-pressed={r.mine} data-kind={r.kind}
            className={`reaction${r.mine ? ' reaction--mine' : ''}`} disabled={toggle.isPending}
            aria-label={t('reactions.button', { name: t(`reactions.kinds.${r.kind}`), count: r.count })}
            title={t(`reactions.kinds.${r.kind}`)}
            onClick={() => toggle.mutate({ kind: r.kind, on: !r.mine })}>
            <span className="reaction__emoji" aria-hidden="true">{r.emoji}</span>
            {r.count > 0 && <span className="reaction__count" aria-hidden="true">{r.count}</span>}
          </button>
        ))}
      </div>
      <span className="icon-count muted" data-testid="view-count">
        <EyeIcon size={14} /> {t('posts.viewCount', { count: summary.data.view_count })}
      </span>
      <InlineError error={toggle.error} />
    </section>
  );
}
