import { useCallback, useMemo, useRef, useState } from 'react';
import type { Attachment, UploadLimits } from '@/lib/api/types';
import { presignUpload } from './api/presign';
import { putFile, UploadAborted } from './lib/put-file';
import { contentTypeOf, validateFile, type FileProblem } from './lib/validate';

export type UploadStatus = 'invalid' | 'uploading' | 'done' | 'error' | 'cancelled';

export type UploadItem = {
  id: string;
  name: string;
  size: number;
  contentType: string;
  status: UploadStatus;
  progress: number;
  key?: string;
  problem?: FileProblem;
  error?: unknown;
  file?: File;
};

let counter = 0;
const nextId = () => `upload-${++counter}`;

function fromAttachment(attachment: Attachment): UploadItem {
  return {
    id: nextId(), name: attachment.filename, size: attachment.size, contentType: attachment.content_type,
    status: 'done', progress: 1, key: attachment.key,
  };
}

/**
 * Attachments of a post being written: each file goes presign → PUT to storage with
 * progress, and can be cancelled, retried or removed. `keys` are the finished uploads.
 */
export function useUploads(limits: UploadLimits | undefined, initial: Attachment[] = []) {
  const [items, setItems] = useState<UploadItem[]>(() => initial.map(fromAttachment));
  const controllers = useRef(new Map<string, AbortController>());

  const patch = useCallback((id: string, change: Partial<UploadItem>) => {
    setItems((current) => current.map((item) => (item.id === id ? { ...item, ...change } : item)));
  }, []);

  const start = useCallback(async (id: string, file: File) => {
    const controller = new AbortController();
    controllers.current.set(id, controller);
    patch(id, { status: 'uploading', progress: 0, error: undefined });
    try {
      const presign = await presignUpload({ filename: file.name, content_type: contentTypeOf(file), size: file.size });
      if (controller.signal.aborted) throw new UploadAborted();
      await putFile(file, presign, (progress) => patch(id, { progress }), controller.signal);
      patch(id, { status: 'done', progress: 1, key: presign.key });
    } catch (error) {
      patch(id, error instanceof UploadAborted ? { status: 'cancelled' } : { status: 'error', error });
    } finally {
      controllers.current.delete(id);
    }
  }, [patch]);

  const addFiles = useCallback((files: Iterable<File>) => {
    if (!limits) return;
    const added: UploadItem[] = [];
    for (const file of files) {
      const problem = validateFile(file, limits);
      added.push({
        id: nextId(), name: file.name, size: file.size, contentType: contentTypeOf(file),
        status: problem ? 'invalid' : 'uploading', progress: 0, problem: problem ?? undefined, file,
      });
    }
    setItems((current) => [...current, ...added]);
    for (const item of added) if (!item.problem && item.file) void start(item.id, item.file);
  }, [limits, start]);

  const cancel = useCallback((id: string) => controllers.current.get(id)?.abort(), []);

  const retry = useCallback((id: string) => {
    const item = items.find((i) => i.id === id);
    if (item?.file && !item.problem) void start(id, item.file);
  }, [items, start]);

  const remove = useCallback((id: string) => {
    controllers.current.get(id)?.abort();
    setItems((current) => current.filter((item) => item.id !== id));
  }, []);

  const keys = useMemo(() => items.filter((i) => i.status === 'done' && i.key).map((i) => i.key as string), [items]);
  const busy = items.some((i) => i.status === 'uploading');

  return { items, keys, busy, addFiles, cancel, retry, remove };
}

export type Uploads = ReturnType<typeof useUploads>;
