import { api, unwrap } from '@/lib/api/client';

export async function presignUpload(file: { filename: string; content_type: string; size: number }) {
  return unwrap(await api.POST('/api/uploads/presign', { body: file }));
}
