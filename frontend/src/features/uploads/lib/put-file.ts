import type { Presign } from '@/lib/api/types';

export class UploadAborted extends Error {
  constructor() {
    super('aborted');
    this.name = 'UploadAborted';
  }
}

/**
 * PUT the file straight to storage with the presigned URL and exactly the signed headers.
 * XMLHttpRequest rather than fetch because only XHR reports upload progress.
 */
export function putFile(file: Blob, presign: Presign, onProgress: (fraction: number) => void, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(presign.method || 'PUT', presign.url);
    for (const [name, value] of Object.entries(presign.headers ?? {})) {
      // The browser sets these itself and refuses to let scripts do it.
      if (['host', 'content-length'].includes(name.toLowerCase())) continue;
      xhr.setRequestHeader(name, value);
    }
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => (xhr.status >= 200 && xhr.status < 300 ? resolve() : reject(new Error(`storage_${xhr.status}`)));
    xhr.onerror = () => reject(new Error('storage_network'));
    xhr.onabort = () => reject(new UploadAborted());
    signal.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}
