import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { usePageTitle } from '@/components/page-title';
import { ErrorState, InlineError, Loading } from '@/components/status';
import { useSession } from '@/features/auth';
import { useBoards } from '@/features/boards';
import { ConfirmNotice, PinNotice } from '@/features/notices';
import { Comments, PostBody, PostReactions, useDeletePost, usePost } from '@/features/posts';
import { AttachmentView } from '@/features/uploads';
import { ApiError } from '@/lib/api/errors';
import { formatDateTime } from '@/lib/format';
import { NotFoundRoute } from './not-found';

export function PostRoute() {
  const { t, i18n } = useTranslation();
  const postId = Number(useParams().postId);
  const post = usePost(postId);
  const boards = useBoards();
  const { user } = useSession();
  const navigate = useNavigate();
  const remove = useDeletePost();
  const [confirming, setConfirming] = useState(false);
  usePageTitle(post.data?.title);

  if (post.isPending) return <Loading />;
  if (post.isError) {
    if (post.error instanceof ApiError && post.error.status === 404) return <NotFoundRoute />;
    return <ErrorState error={post.error} onRetry={() => post.refetch()} />;
  }
  const p = post.data;
  const board = boards.data?.find((b) => b.id === p.board_id);
  // Saved a moment after creation (attachments, timestamps) does not count as an edit.
  const edited = Date.parse(p.updated_at) - Date.parse(p.created_at) > 1_000;

  return (
    <article className="page post">
      {board && <Link to={`/boards/${board.slug}`} className="breadcrumb">← {board.name}</Link>}
      <header className="post__head">
        <h1 data-testid="post-title">{p.title}</h1>
        <div className="post__meta">
          <Link to={`/people/${p.author.id}`} className="author-link">{p.author.name}</Link>
          <time dateTime={p.created_at}>{formatDateTime(p.created_at, i18n.language)}</time>
          {edited && <span className="muted">{t('posts.edited')}</span>}
        </div>
        {(p.can_edit || user?.role === 'admin') && (
          <div className="post__actions">
            {p.can_edit && <Link to={`/posts/${p.id}/edit`} className="btn btn--secondary btn--small">{t('common.edit')}</Link>}
            {p.can_edit && !confirming && (
              <button type="button" className="btn btn--ghost btn--small" onClick={() => setConfirming(true)}>{t('common.delete')}</button>
            )}
            {confirming && (
              <span className="confirm" role="group" aria-label={t('posts.confirmDelete')}>
                <span>{t('posts.confirmDelete')}</span>
                <button type="button" className="btn btn--danger btn--small" disabled={remove.isPending}
                  onClick={() => remove.mutate(p.id, { onSuccess: () => navigate(board ? `/boards/${board.slug}` : '/', { replace: true }) })}>
                  {t('common.delete')}
                </button>
                <button type="button" className="btn btn--ghost btn--small" onClick={() => setConfirming(false)}>{t('common.cancel')}</button>
              </span>
            )}
            {user?.role === 'admin' && <PinNotice postId={p.id} noticeId={p.notice && 'id' in p.notice ? p.notice.id : null} />}
          </div>
        )}
        <InlineError error={remove.error} />
      </header>
      {/* body_html is typed `unknown` by the server's schema (fields.Function without a type). */}
      <PostBody html={typeof p.body_html === 'string' ? p.body_html : ''} />
      <AttachmentView attachments={p.attachments} />
      <PostReactions postId={p.id} />
      {p.notice && 'id' in p.notice && <ConfirmNotice notice={p.notice} />}
      <Comments postId={p.id} />
    </article>
  );
}
