import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CommentIcon, EyeIcon, PaperclipIcon } from '@/components/icons';
import { LoadMore } from '@/components/load-more';
import { EmptyState, ErrorState, Loading } from '@/components/status';
import { formatDate } from '@/lib/format';
import type { PostSummary } from '@/lib/api/types';
import { usePosts } from '../api/get-posts';

export function PostList({ boardId, q }: { boardId: number; q: string }) {
  const { t } = useTranslation();
  const posts = usePosts(boardId, q);
  if (posts.isPending) return <Loading />;
  if (posts.isError) return <ErrorState error={posts.error} onRetry={() => posts.refetch()} />;
  const items = posts.data.pages.flatMap((page) => page.items);
  if (items.length === 0) return <EmptyState>{q ? t('posts.noResults', { q }) : t('posts.empty')}</EmptyState>;
  return (
    <>
      <ul className="post-list" data-testid="post-list">
        {items.map((post) => <PostRow key={post.id} post={post} />)}
      </ul>
      <LoadMore hasMore={posts.hasNextPage} loading={posts.isFetchingNextPage} onLoad={() => posts.fetchNextPage()} />
    </>
  );
}

export function PostRow({ post, compact = false }: { post: PostSummary; compact?: boolean }) {
  const { t, i18n } = useTranslation();
  return (
    <li className="post-row">
      <Link to={`/posts/${post.id}`} className="post-row__title">{post.title}</Link>
      {!compact && post.excerpt && <p className="post-row__excerpt">{post.excerpt}</p>}
      <span className="post-row__meta">
        <Link to={`/people/${post.author.id}`} className="author-link">{post.author.name}</Link>
        <time dateTime={post.created_at}>{formatDate(post.created_at, i18n.language)}</time>
        {post.comment_count > 0 && <span className="icon-count" aria-label={t('posts.commentCount', { count: post.comment_count })}><CommentIcon size={13} /> {post.comment_count}</span>}
        {post.view_count > 0 && <span className="icon-count" aria-label={t('posts.viewCount', { count: post.view_count })}><EyeIcon size={13} /> {post.view_count}</span>}
        {post.attachment_count > 0 && <span className="icon-count" aria-label={t('posts.attachmentCount', { count: post.attachment_count })}><PaperclipIcon size={13} /> {post.attachment_count}</span>}
      </span>
    </li>
  );
}
