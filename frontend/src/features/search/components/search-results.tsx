import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LoadMore } from '@/components/load-more';
import { EmptyState, ErrorState, Loading } from '@/components/status';
import type { SearchHit } from '@/lib/api/types';
import { formatDate } from '@/lib/format';
import { useSearch } from '../api/search';
import type { Scope, SearchFilters } from '../lib/filters';
import { Highlighted } from './highlighted';

function linkOf(scope: Scope, hit: SearchHit): string {
  if (scope === 'people') return `/people/${hit.id}`;
  if (scope === 'messages') return `/chat/${hit.conversation_id}`;
  if (scope === 'comments') return `/posts/${hit.post_id}#comment-${hit.id}`;
  return `/posts/${hit.id}`;
}

/** One page after another of what the search found, the matched words marked. */
export function SearchResults({ filters, onAuthor }: { filters: SearchFilters; onAuthor: (id: number) => void }) {
  const { t } = useTranslation();
  const found = useSearch(filters);
  if (found.isPending) return <Loading />;
  if (found.isError) return <ErrorState error={found.error} onRetry={() => found.refetch()} />;
  const hits = found.data.pages.flatMap((page) => page.items);
  if (hits.length === 0) return <EmptyState>{t('search.noResults', { q: filters.q })}</EmptyState>;
  return (
    <>
      <ul className="search-results" aria-label={t('search.results')} data-testid="search-results">
        {hits.map((hit) => <SearchHitRow key={hit.id} scope={filters.scope} hit={hit} onAuthor={onAuthor} />)}
      </ul>
      <LoadMore hasMore={found.hasNextPage} loading={found.isFetchingNextPage} onLoad={() => found.fetchNextPage()} />
    </>
  );
}

function SearchHitRow({ scope, hit, onAuthor }: { scope: Scope; hit: SearchHit; onAuthor: (id: number) => void }) {
  const { t, i18n } = useTranslation();
  const author = hit.author && 'id' in hit.author ? hit.author : null;
  return (
    <li className="search-hit">
      {scope === 'comments' && <span className="search-hit__kind">{t('search.commentOn')}</span>}
      <Link to={linkOf(scope, hit)} className="search-hit__title"><Highlighted segments={hit.title} /></Link>
      {hit.snippet.length > 0 && <p className="search-hit__snippet"><Highlighted segments={hit.snippet} /></p>}
      {author && hit.created_at && (
        <span className="post-row__meta">
          <button type="button" className="link-button" onClick={() => onAuthor(author.id)}
            title={t('search.onlyBy', { name: author.name })}>{author.name}</button>
          <time dateTime={hit.created_at}>{formatDate(hit.created_at, i18n.language)}</time>
        </span>
      )}
    </li>
  );
}
