import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { holdComposingEnter } from '@/lib/ime';

/** The header's search box: Enter or 찾기 opens /search with the term (an IME's Enter only ends a syllable). */
export function SearchBox() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const current = location.pathname === '/search' ? new URLSearchParams(location.search).get('q') ?? '' : '';
  const [term, setTerm] = useState(current);
  useEffect(() => setTerm(current), [current]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const q = term.trim();
    if (q) navigate(`/search?${new URLSearchParams({ q })}`);
  };

  return (
    <form className="site-search" role="search" onSubmit={submit}>
      <label htmlFor="site-search" className="visually-hidden">{t('search.label')}</label>
      <input id="site-search" type="search" value={term} maxLength={100} onChange={(e) => setTerm(e.target.value)}
        onKeyDown={holdComposingEnter} placeholder={t('search.placeholder')} />
      <button type="submit" className="btn btn--secondary btn--small">{t('search.submit')}</button>
    </form>
  );
}
