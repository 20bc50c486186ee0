import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePageTitle } from '@/components/page-title';
import { EmptyState, ErrorState, Loading } from '@/components/status';
import { useBoards } from '@/features/boards';
import { NoticeList } from '@/features/notices';
import { PostRow, useLatestPosts } from '@/features/posts';
import type { Board } from '@/lib/api/types';

export function HomeRoute() {
  const { t } = useTranslation();
  const boards = useBoards();
  usePageTitle(undefined);
  const visible = (boards.data ?? []).filter((b) => !b.archived);
  return (
    <div className="page">
      <h1 className="visually-hidden">{t('nav.home')}</h1>
      <NoticeList />
      {boards.isPending && <Loading />}
      {boards.isError && <ErrorState error={boards.error} onRetry={() => boards.refetch()} />}
      {boards.isSuccess && visible.length === 0 && <EmptyState>{t('boards.empty')}</EmptyState>}
      <div className="board-grid">
        {visible.map((board) => <LatestPosts key={board.id} board={board} />)}
      </div>
    </div>
  );
}

function LatestPosts({ board }: { board: Board }) {
  const { t } = useTranslation();
  const posts = useLatestPosts(board.id);
  return (
    <section className="card" aria-labelledby={`board-${board.id}-title`}>
      <div className="card__head">
        <h2 id={`board-${board.id}-title`} className="section-title">
          <Link to={`/boards/${board.slug}`}>{board.name}</Link>
        </h2>
        <Link to={`/boards/${board.slug}`} className="more-link">{t('boards.more')}</Link>
      </div>
      {posts.isPending && <Loading />}
      {posts.isError && <ErrorState error={posts.error} onRetry={() => posts.refetch()} />}
      {posts.data?.length === 0 && <EmptyState>{t('posts.empty')}</EmptyState>}
      {posts.data && posts.data.length > 0 && (
        <ul className="post-list post-list--compact">
          {posts.data.map((post) => <PostRow key={post.id} post={post} compact />)}
        </ul>
      )}
    </section>
  );
}
