/**
 * Build-time environment, validated once at start-up so a bad value fails loudly
 * instead of producing requests to a wrong URL.
 */
function readApiBaseUrl(raw: string | undefined): string {
  const value = (raw ?? '').trim().replace(/\/+$/, '');
  if (value === '') return '';
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
  } catch {
    throw new Error(`VITE_API_BASE_URL must be an absolute http(s) URL or empty, got "${raw}"`);
  }
  return value;
}

export const env = {
  /** Origin (and optional prefix) of the portal API; empty means the SPA's own origin. */
  API_BASE_URL: readApiBaseUrl(import.meta.env.VITE_API_BASE_URL),
  /** Time zone used for every displayed date unless the user picked another. */
  DEFAULT_TIME_ZONE: import.meta.env.VITE_DEFAULT_TIME_ZONE || 'Asia/Seoul',
} as const;

export { readApiBaseUrl };
