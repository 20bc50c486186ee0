import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { TextAreaField } from '@/components/field';
import { MentionPicker, withMention } from '@/components/mention-picker';
import { EmptyState, ErrorState, InlineError, Loading } from '@/components/status';
import { formatDateTime } from '@/lib/format';
import { useAddComment, useComments, useDeleteComment } from '../api/comments';

export function Comments({ postId }: { postId: number }) {
  const { t, i18n } = useTranslation();
  const comments = useComments(postId);
  const add = useAddComment(postId);
  const remove = useDeleteComment(postId);
  const [body, setBody] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) return;
    add.mutate(body.trim(), { onSuccess: () => setBody('') });
  };

  return (
    <section className="comments" aria-labelledby="comments-title">
      <h2 id="comments-title" className="section-title">
        {t('comments.title')} {comments.data ? <span className="count">{comments.data.length}</span> : null}
      </h2>
      {comments.isPending && <Loading />}
      {comments.isError && <ErrorState error={comments.error} onRetry={() => comments.refetch()} />}
      {comments.data?.length === 0 && <EmptyState>{t('comments.empty')}</EmptyState>}
      {comments.data && comments.data.length > 0 && (
        <ul className="comment-list">
          {comments.data.map((comment) => (
            <li key={comment.id} id={`comment-${comment.id}`} className="comment" data-testid="comment">
              <div className="comment__meta">
                <strong>{comment.author.name}</strong>
                <time dateTime={comment.created_at}>{formatDateTime(comment.created_at, i18n.language)}</time>
                {comment.can_delete === true && (
                  <button type="button" className="btn btn--ghost btn--small" onClick={() => remove.mutate(comment.id)} disabled={remove.isPending}>
                    {t('common.delete')}
                  </button>
                )}
              </div>
              <p className="comment__body">{comment.body}</p>
            </li>
          ))}
        </ul>
      )}
      <form className="form comment-form" onSubmit={submit}>
        <TextAreaField label={t('comments.write')} rows={3} value={body} onChange={(e) => setBody(e.target.value)} maxLength={4000} />
        <InlineError error={add.error} />
        <div className="comment-form__actions">
          <MentionPicker onPick={(name) => setBody((current) => withMention(current, name))} />
          <button type="submit" className="btn btn--primary" disabled={add.isPending || !body.trim()}>{t('comments.submit')}</button>
        </div>
      </form>
    </section>
  );
}
