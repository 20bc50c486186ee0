import type { UploadLimits } from '@/lib/api/types';

export type FileProblem = { code: 'too_large'; max: number } | { code: 'bad_type' } | { code: 'empty' };

const EXTENSION_TYPES: Record<string, string> = {
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp',
  pdf: 'application/pdf', txt: 'text/plain', zip: 'application/zip',
  doc: 'application/msword', xls: 'application/vnd.ms-excel', ppt: 'application/vnd.ms-powerpoint',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  hwp: 'application/x-hwp',
};

/** The browser's type, or one guessed from the extension when the OS reports none. */
export function contentTypeOf(file: { name: string; type: string }): string {
  if (file.type) return file.type;
  const ext = file.name.split('.').pop()?.toLowerCase() ?? '';
  return EXTENSION_TYPES[ext] ?? 'application/octet-stream';
}

/** Checked before any upload starts, so the user sees size/type errors at once. */
export function validateFile(file: { name: string; type: string; size: number }, limits: UploadLimits): FileProblem | null {
  if (file.size === 0) return { code: 'empty' };
  if (file.size > limits.max_bytes) return { code: 'too_large', max: limits.max_bytes };
  if (!limits.content_types.includes(contentTypeOf(file))) return { code: 'bad_type' };
  return null;
}
