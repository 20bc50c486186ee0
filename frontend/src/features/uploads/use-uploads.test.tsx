import { act, renderHook, waitFor } from '@testing-library/react';
import { session } from '@/lib/api/session';
import { jsonResponse } from '@/testing/render';
import { useUploads } from './use-uploads';

/** Stands in for the browser's XHR so the test controls progress, success and abort. */
class FakeXhr {
  static instances: FakeXhr[] = [];
  upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  status = 0;
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: unknown;
  constructor() {
    FakeXhr.instances.push(this);
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: unknown) {
    this.body = body;
  }
  abort() {
    this.onabort?.();
  }
  progress(loaded: number, total: number) {
    this.upload.onprogress?.({ lengthComputable: true, loaded, total });
  }
  finish(status = 200) {
    this.status = status;
    this.onload?.();
  }
}

const limits = { max_bytes: 10_000, content_types: ['application/pdf'] };
const file = new File(['%PDF-1.4'], '보고서.pdf', { type: 'application/pdf' });

describe('useUploads', () => {
  const fetchMock = vi.fn<typeof fetch>();
  let presigns = 0;

  beforeEach(() => {
    FakeXhr.instances = [];
    presigns = 0;
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    vi.stubGlobal('fetch', fetchMock);
    session.signIn({ access_token: 't', user: { id: 1, email: 'a@b.kr', name: 'A', role: 'employee', password_change_required: false } });
    fetchMock.mockImplementation(async () => {
      presigns += 1;
      return jsonResponse({ url: `http://s3.test/bucket/k${presigns}?X-Amz-Signature=abc`, method: 'PUT', headers: { 'Content-Type': 'application/pdf' }, key: `k${presigns}`, expires_in: 300 });
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  const xhrCount = (n: number) => waitFor(() => expect(FakeXhr.instances).toHaveLength(n));

  it('presigns, PUTs the bytes with the signed headers, reports progress and yields the key', async () => {
    const { result } = renderHook(() => useUploads(limits));
    act(() => result.current.addFiles([file]));
    await xhrCount(1);
    const xhr = FakeXhr.instances[0];
    expect(xhr.method).toBe('PUT');
    expect(xhr.url).toContain('X-Amz-Signature');
    expect(xhr.headers).toEqual({ 'Content-Type': 'application/pdf' });
    expect(xhr.body).toBe(file);
    expect(await (fetchMock.mock.calls[0][0] as Request).json()).toEqual({ filename: '보고서.pdf', content_type: 'application/pdf', size: file.size });

    act(() => xhr.progress(4, 8));
    expect(result.current.items[0].progress).toBe(0.5);
    expect(result.current.busy).toBe(true);
    act(() => xhr.finish(200));
    await waitFor(() => expect(result.current.items[0].status).toBe('done'));
    expect(result.current.keys).toEqual(['k1']);
    expect(result.current.busy).toBe(false);
  });

  it('can cancel an upload and retry it', async () => {
    const { result } = renderHook(() => useUploads(limits));
    act(() => result.current.addFiles([file]));
    await xhrCount(1);
    act(() => result.current.cancel(result.current.items[0].id));
    await waitFor(() => expect(result.current.items[0].status).toBe('cancelled'));
    expect(result.current.keys).toEqual([]);

    act(() => result.current.retry(result.current.items[0].id));
    await xhrCount(2);
    act(() => FakeXhr.instances[1].finish(200));
    await waitFor(() => expect(result.current.items[0].status).toBe('done'));
    expect(result.current.keys).toEqual(['k2']);
  });

  it('marks a refused PUT as failed, so it can be retried', async () => {
    const { result } = renderHook(() => useUploads(limits));
    act(() => result.current.addFiles([file]));
    await xhrCount(1);
    act(() => FakeXhr.instances[0].finish(403));
    await waitFor(() => expect(result.current.items[0].status).toBe('error'));
    expect(result.current.keys).toEqual([]);
  });

  it('starts from the attachments a post already has', () => {
    const { result } = renderHook(() => useUploads(limits, [{ key: 'old', filename: '기존.pdf', content_type: 'application/pdf', size: 10, is_image: false }]));
    expect(result.current.keys).toEqual(['old']);
  });
});
