/** The portal's one error envelope: {"error":{"code","message","fields"}}. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: Record<string, unknown>;
  readonly retryAfter: number | null;

  constructor(status: number, code: string, message: string, fields: Record<string, unknown> = {}, retryAfter: number | null = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.retryAfter = retryAfter;
  }
}

type Envelope = { error?: { code?: string; message?: string; fields?: Record<string, unknown> } };

export function toApiError(status: number, body: unknown, headers?: Headers): ApiError {
  const env = (body ?? {}) as Envelope;
  const retry = headers?.get('Retry-After');
  return new ApiError(
    status,
    env.error?.code ?? `http_${status}`,
    env.error?.message ?? `HTTP ${status}`,
    env.error?.fields ?? {},
    retry ? Number(retry) || null : null,
  );
}

/** First message of a field error, whatever shape the server uses (string or list). */
export function fieldError(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const value = error.fields[field];
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}
