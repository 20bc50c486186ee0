import { i18n } from '@/lib/i18n';

/** One field problem as the server codes it; `fieldErrors.<code>` in the locale files says it. */
export type FieldCode = { code: string; params?: Record<string, unknown> };

/** The portal's one error envelope: {"error":{"code","message","fields","field_codes"}}. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: Record<string, unknown>;
  readonly fieldCodes: Record<string, FieldCode[]>;
  readonly retryAfter: number | null;

  constructor(status: number, code: string, message: string, fields: Record<string, unknown> = {},
    retryAfter: number | null = null, fieldCodes: Record<string, FieldCode[]> = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.fieldCodes = fieldCodes;
    this.retryAfter = retryAfter;
  }
}

type Envelope = { error?: { code?: string; message?: string; fields?: Record<string, unknown>; field_codes?: Record<string, FieldCode[]> } };

export function toApiError(status: number, body: unknown, headers?: Headers): ApiError {
  const env = (body ?? {}) as Envelope;
  const retry = headers?.get('Retry-After');
  return new ApiError(
    status,
    env.error?.code ?? `http_${status}`,
    env.error?.message ?? `HTTP ${status}`,
    env.error?.fields ?? {},
    retry ? Number(retry) || null : null,
    env.error?.field_codes ?? {},
  );
}

/** The first problem with a field, in the UI's language: the server's code translated, never
 * its English sentence (an unknown code says "check this value"). */
export function fieldError(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const problem = error.fieldCodes[field]?.[0];
  if (problem) {
    const generic = i18n.t('fieldErrors.invalid');
    return i18n.t(`fieldErrors.${problem.code}`, { ...problem.params, defaultValue: generic });
  }
  return field in error.fields ? i18n.t('fieldErrors.invalid') : undefined;
}
