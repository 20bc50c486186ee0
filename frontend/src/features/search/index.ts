export { SearchBox } from './components/search-box';
export { SearchResults } from './components/search-results';
export { readFilters, SCOPES, writeFilters, type Scope, type SearchFilters } from './lib/filters';
