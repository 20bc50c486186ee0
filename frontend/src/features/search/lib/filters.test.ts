import { describe, expect, it } from 'vitest';
import { readFilters, toQuery, writeFilters } from './filters';

describe('search filters in the address', () => {
  it('reads what it wrote, and ignores what it cannot use', () => {
    const filters = readFilters(new URLSearchParams('q=%20회의%20&scope=comments&board=3&author=7&from=2026-01-01&to=2026-01-31'));
    expect(filters).toEqual({ q: '회의', scope: 'comments', boardId: 3, authorId: 7, from: '2026-01-01', to: '2026-01-31' });
    expect(readFilters(new URLSearchParams(writeFilters(filters)))).toEqual(filters);
    expect(readFilters(new URLSearchParams('q=x&scope=files&board=-1&author=abc&from=어제&to=2026-1-1'))).toEqual(
      { q: 'x', scope: 'posts', boardId: null, authorId: null, from: '', to: '' });
  });

  it('asks the API for whole days in the portal time zone, the last day included', () => {
    const query = toQuery(readFilters(new URLSearchParams('q=회의&from=2026-01-01&to=2026-01-31&board=2')));
    expect(query).toMatchObject({ q: '회의', scope: 'posts', board_id: 2,
      since: '2025-12-31T15:00:00.000Z', until: '2026-01-31T15:00:00.000Z' });
  });

  it('sends people no filters, and messages no board', () => {
    const people = toQuery(readFilters(new URLSearchParams('q=김&scope=people&board=2&author=3&from=2026-01-01')));
    expect(people).toEqual({ q: '김', scope: 'people', board_id: undefined, author_id: undefined, since: undefined, until: undefined });
    const messages = toQuery(readFilters(new URLSearchParams('q=김&scope=messages&board=2&author=3')));
    expect(messages).toMatchObject({ board_id: undefined, author_id: 3 });
  });
});
