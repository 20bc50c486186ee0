import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { usePageTitle } from '@/components/page-title';
import { EmptyState } from '@/components/status';
import { useBoards } from '@/features/boards';
import { usePerson } from '@/features/people';
import { readFilters, SCOPES, SearchResults, writeFilters, type SearchFilters } from '@/features/search';
import { holdComposingEnter } from '@/lib/ime';

/** /search?q=&scope=&board=&author=&from=&to= — the whole portal searched; every choice lives in the address. */
export function SearchRoute() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const boards = useBoards();
  const author = usePerson(filters.authorId ?? undefined);
  const [term, setTerm] = useState(filters.q);
  useEffect(() => setTerm(filters.q), [filters.q]);
  usePageTitle(filters.q ? t('search.titleFor', { q: filters.q }) : t('search.title'));

  const change = (next: Partial<SearchFilters>) => setParams(writeFilters({ ...filters, ...next }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    change({ q: term.trim() });
  };
  const narrows = filters.scope !== 'people';

  return (
    <section className="page search-page">
      <h1>{t('search.title')}</h1>
      <form className="search" role="search" onSubmit={submit}>
        <label htmlFor="search-term" className="visually-hidden">{t('search.term')}</label>
        <input id="search-term" type="search" value={term} maxLength={100} onChange={(e) => setTerm(e.target.value)}
          onKeyDown={holdComposingEnter}
          placeholder={t('search.placeholder')} />
        <button type="submit" className="btn btn--primary">{t('search.submit')}</button>
      </form>
      <div className="search-scopes" role="group" aria-label={t('search.scopes')}>
        {SCOPES.map((scope) => (
          <button key={scope} type="button" className="chip" aria-pressed={filters.scope === scope}
            onClick={() => change({ scope })}>{t(`search.scope.${scope}`)}</button>
        ))}
      </div>
      {narrows && (
        <fieldset className="search-filters">
          <legend className="visually-hidden">{t('search.filters')}</legend>
          {filters.scope !== 'messages' && (
            <label>
              <span>{t('search.board')}</span>
              <select value={filters.boardId ?? ''} onChange={(e) => change({ boardId: Number(e.target.value) || null })}>
                <option value="">{t('search.allBoards')}</option>
                {(boards.data ?? []).map((board) => (
                  <option key={board.id} value={board.id}>{board.archived ? t('search.archivedBoard', { name: board.name }) : board.name}</option>
                ))}
              </select>
            </label>
          )}
          <label>
            <span>{t('search.from')}</span>
            <input type="date" value={filters.from} max={filters.to || undefined} onChange={(e) => change({ from: e.target.value })} />
          </label>
          <label>
            <span>{t('search.to')}</span>
            <input type="date" value={filters.to} min={filters.from || undefined} onChange={(e) => change({ to: e.target.value })} />
          </label>
          {filters.authorId && (
            <span className="chip" data-testid="author-filter">
              {t('search.by', { name: author.data?.name ?? '…' })}
              <button type="button" className="link-button" onClick={() => change({ authorId: null })}>
                {t('search.clearAuthor')}
              </button>
            </span>
          )}
        </fieldset>
      )}
      {filters.q
        ? <SearchResults filters={filters} onAuthor={(authorId) => change({ authorId })} />
        : <EmptyState>{t('search.hint')}</EmptyState>}
    </section>
  );
}
