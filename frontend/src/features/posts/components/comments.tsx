import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { TextAreaField } from '@/components/field';
import { MentionPicker, withMention } from '@/components/mention-picker';
import { EmptyState, ErrorState, InlineError, Loading } from '@/components/status';
import { formatDateTime } from '@/lib/format';
import type { Comment } from '@/lib/api/types';
import { sanitizeHtml } from '@/lib/sanitize';
import { useAddComment, useComments, useDeleteComment, useEditComment } from '../api/comments';

export function Comments({ postId }: { postId: number }) {
  const { t } = useTranslation();
  const comments = useComments(postId);
  const add = useAddComment(postId);
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
          {comments.data.map((comment) => <CommentItem key={comment.id} postId={postId} comment={comment} />)}
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

function CommentItem({ postId, comment }: { postId: number; comment: Comment }) {
  const { t, i18n } = useTranslation();
  const remove = useDeleteComment(postId);
  const edit = useEditComment(postId);
  const [draft, setDraft] = useState<string | null>(null);
  const html = useMemo(() => sanitizeHtml(comment.body_html), [comment.body_html]);

  const save = (event: FormEvent) => {
    event.preventDefault();
    if (draft === null || !draft.trim()) return;
    edit.mutate({ id: comment.id, body: draft.trim() }, { onSuccess: () => setDraft(null) });
  };

  return (
    <li id={`comment-${comment.id}`} className="comment" data-testid="comment">
      <div className="comment__meta">
        <strong><Link to={`/people/${comment.author.id}`} className="author-link">{comment.author.name}</Link></strong>
        <time dateTime={comment.created_at}>{formatDateTime(comment.created_at, i18n.language)}</time>
        {comment.edited_at && (
          <span className="muted" data-testid="comment-edited" title={formatDateTime(comment.edited_at, i18n.language)}>
            {t('comments.edited')}
          </span>
        )}
        <span className="spacer" />
        {comment.can_edit && draft === null && (
          <button type="button" className="btn btn--ghost btn--small" onClick={() => setDraft(comment.body)}>{t('common.edit')}</button>
        )}
        {comment.can_delete && (
          <button type="button" className="btn btn--ghost btn--small" onClick={() => remove.mutate(comment.id)} disabled={remove.isPending}>
            {t('common.delete')}
          </button>
        )}
      </div>
      {draft === null ? (
        <div className="markdown comment__body" data-testid="comment-body" dangerouslySetInnerHTML={{ __html: html }} />
      ) : (
        <form className="form comment-form" onSubmit={save}>
          <TextAreaField label={t('comments.editLabel')} rows={3} value={draft} onChange={(e) => setDraft(e.target.value)} maxLength={4000} autoFocus />
          <div className="form__actions">
            <button type="button" className="btn btn--ghost btn--small" onClick={() => setDraft(null)}>{t('common.cancel')}</button>
            <button type="submit" className="btn btn--primary btn--small" disabled={edit.isPending || !draft.trim()}>{t('common.save')}</button>
          </div>
        </form>
      )}
      <InlineError error={edit.error ?? remove.error} />
    </li>
  );
}
