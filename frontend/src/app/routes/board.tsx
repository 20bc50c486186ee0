import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { usePageTitle } from '@/components/page-title';
import { ErrorState, Loading } from '@/components/status';
import { useSession } from '@/features/auth';
import { useBoards } from '@/features/boards';
import { NoticeList } from '@/features/notices';
import { PostList } from '@/features/posts';
import { NotFoundRoute } from './not-found';

export function BoardRoute() {
  const { t } = useTranslation();
  const { slug } = useParams();
  const { user } = useSession();
  const boards = useBoards();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [search, setSearch] = useState(q);
  useEffect(() => setSearch(q), [q]);
  const board = boards.data?.find((b) => b.slug === slug);
  usePageTitle(board?.name);

  if (boards.isPending) return <Loading />;
  if (boards.isError) return <ErrorState error={boards.error} onRetry={() => boards.refetch()} />;
  if (!board) return <NotFoundRoute />;
  const canWrite = !board.archived && (!board.admin_only || user?.role === 'admin');

  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>{board.name}</h1>
          {board.description && <p className="muted">{board.description}</p>}
        </div>
        {canWrite && <Link to={`/boards/${board.slug}/new`} className="btn btn--primary">{t('posts.write')}</Link>}
      </div>
      <NoticeList boardId={board.id} />
      <form
        className="search"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          const next = search.trim();
          setParams(next ? { q: next } : {});
        }}
      >
        <label htmlFor="post-search" className="visually-hidden">{t('posts.search')}</label>
        <input id="post-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder={t('posts.searchPlaceholder')} />
        <button type="submit" className="btn btn--secondary">{t('common.search')}</button>
      </form>
      <PostList boardId={board.id} q={q} />
    </div>
  );
}
