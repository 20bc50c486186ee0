import { formatDate, formatDateTime, formatSize, fromZonedInput, toZonedInput } from './format';

describe('formatSize', () => {
  it.each([
    [0, '0 B'],
    [999, '999 B'],
    [1536, '1.5 KB'],
    [20 * 1024 * 1024, '20 MB'],
    [3.25 * 1024 * 1024 * 1024, '3.3 GB'],
  ])('%i bytes is %s', (bytes, text) => {
    expect(formatSize(bytes)).toBe(text);
  });
});

describe('dates', () => {
  // 15:30 UTC is 00:30 the next day in Seoul.
  const iso = '2024-03-31T15:30:00Z';

  it('shows Seoul time by default, in Korean', () => {
    expect(formatDate(iso, 'ko')).toBe('2024. 4. 1.');
    expect(formatDateTime(iso, 'ko')).toMatch(/2024\. 4\. 1\..*(오전|AM) 12:30/);
  });

  it('follows the language for the format, not the time zone', () => {
    expect(formatDate(iso, 'en')).toBe('Apr 1, 2024');
    expect(formatDateTime(iso, 'en', 'UTC')).toMatch(/Mar 31, 2024.*3:30/);
  });
});

describe('zoned datetime-local values', () => {
  it('reads a wall time in Seoul as UTC and back', () => {
    expect(fromZonedInput('2026-12-24T09:00', 'Asia/Seoul')).toBe('2026-12-24T00:00:00.000Z');
    expect(toZonedInput('2026-12-24T00:00:00+00:00', 'Asia/Seoul')).toBe('2026-12-24T09:00');
  });
  it('follows daylight saving time where there is one', () => {
    expect(fromZonedInput('2026-07-01T12:00', 'America/New_York')).toBe('2026-07-01T16:00:00.000Z');
    expect(fromZonedInput('2026-01-01T12:00', 'America/New_York')).toBe('2026-01-01T17:00:00.000Z');
  });
});
