import { fromZonedInput } from '@/lib/format';

export const SCOPES = ['posts', 'comments', 'people', 'messages'] as const;
export type Scope = (typeof SCOPES)[number];

/** What a search asks for; it lives in the address (/search?q=&scope=&board=&author=&from=&to=). */
export type SearchFilters = {
  q: string;
  scope: Scope;
  boardId: number | null;
  authorId: number | null;
  /** Calendar days (YYYY-MM-DD) in the portal's time zone, both included. */
  from: string;
  to: string;
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function positiveId(value: string | null): number | null {
  const id = Number(value);
  return value && Number.isInteger(id) && id > 0 ? id : null;
}

export function readFilters(params: URLSearchParams): SearchFilters {
  const scope = params.get('scope');
  const day = (key: string) => (DAY.test(params.get(key) ?? '') ? (params.get(key) as string) : '');
  return {
    q: (params.get('q') ?? '').trim(),
    scope: (SCOPES as readonly string[]).includes(scope ?? '') ? (scope as Scope) : 'posts',
    boardId: positiveId(params.get('board')),
    authorId: positiveId(params.get('author')),
    from: day('from'),
    to: day('to'),
  };
}

export function writeFilters(filters: SearchFilters): Record<string, string> {
  const params: Record<string, string> = { q: filters.q };
  if (filters.scope !== 'posts') params.scope = filters.scope;
  if (filters.boardId) params.board = String(filters.boardId);
  if (filters.authorId) params.author = String(filters.authorId);
  if (filters.from) params.from = filters.from;
  if (filters.to) params.to = filters.to;
  return params;
}

function nextDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** The API's query: days become the UTC instants they start (`to` includes its whole day). */
export function toQuery(filters: SearchFilters) {
  const narrows = filters.scope !== 'people';
  return {
    q: filters.q,
    scope: filters.scope,
    board_id: narrows && filters.scope !== 'messages' ? filters.boardId ?? undefined : undefined,
    author_id: narrows ? filters.authorId ?? undefined : undefined,
    since: narrows && filters.from ? fromZonedInput(`${filters.from}T00:00`) : undefined,
    until: narrows && filters.to ? fromZonedInput(`${nextDay(filters.to)}T00:00`) : undefined,
  };
}
