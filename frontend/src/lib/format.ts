import { env } from '@/config/env';

const LOCALES: Record<string, string> = { ko: 'ko-KR', en: 'en-US' };

function locale(lang: string): string {
  return LOCALES[lang] ?? lang;
}

/** Date and time in the user's language, in the portal's time zone (Asia/Seoul by default). */
export function formatDateTime(iso: string, lang: string, timeZone = env.DEFAULT_TIME_ZONE): string {
  return new Intl.DateTimeFormat(locale(lang), { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
}

export function formatDate(iso: string, lang: string, timeZone = env.DEFAULT_TIME_ZONE): string {
  return new Intl.DateTimeFormat(locale(lang), { dateStyle: 'medium', timeZone }).format(new Date(iso));
}

/** Hours and minutes only, for messages under a date separator. */
export function formatTime(iso: string, lang: string, timeZone = env.DEFAULT_TIME_ZONE): string {
  return new Intl.DateTimeFormat(locale(lang), { timeStyle: 'short', timeZone }).format(new Date(iso));
}

/** The calendar day (YYYY-MM-DD) of a moment in the portal's time zone: what separates chat days. */
export function dayOf(iso: string, timeZone = env.DEFAULT_TIME_ZONE): string {
  return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }).format(new Date(iso));
}

/** A day as a chat separator reads it: "2026년 11월 22일 일요일". */
export function formatDay(iso: string, lang: string, timeZone = env.DEFAULT_TIME_ZONE): string {
  return new Intl.DateTimeFormat(locale(lang), { dateStyle: 'full', timeZone }).format(new Date(iso));
}

export function formatNumber(value: number, lang: string): string {
  return new Intl.NumberFormat(locale(lang)).format(value);
}

/** Human file size: 1 KB = 1024 bytes, one decimal below 10 units. */
export function formatSize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

function zoneOffsetMs(utcMs: number, timeZone: string): number {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(utcMs)).map((p) => [p.type, p.value]));
  const wall = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  return wall - Math.floor(utcMs / 1000) * 1000;
}

/** A moment as a `datetime-local` input shows it, in the portal's time zone: "2026-12-24T09:00". */
export function toZonedInput(iso: string, timeZone = env.DEFAULT_TIME_ZONE): string {
  const ms = new Date(iso).getTime();
  return new Date(ms + zoneOffsetMs(ms, timeZone)).toISOString().slice(0, 16);
}

/** A `datetime-local` value read as a wall time in the portal's time zone, as a UTC ISO string. */
export function fromZonedInput(value: string, timeZone = env.DEFAULT_TIME_ZONE): string {
  const [date, time] = value.split('T');
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  let utc = wall - zoneOffsetMs(wall, timeZone);
  utc = wall - zoneOffsetMs(utc, timeZone); // once more, in case the offset changed in between (DST)
  return new Date(utc).toISOString();
}
