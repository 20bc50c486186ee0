import { contentTypeOf, validateFile } from './validate';

const limits = { max_bytes: 1000, content_types: ['image/png', 'application/pdf', 'application/x-hwp'] };

describe('validateFile', () => {
  it('accepts an allowed type within the size limit', () => {
    expect(validateFile({ name: '사진.png', type: 'image/png', size: 10 }, limits)).toBeNull();
  });

  it('refuses a file over the limit before uploading', () => {
    expect(validateFile({ name: '큰파일.pdf', type: 'application/pdf', size: 1001 }, limits)).toEqual({ code: 'too_large', max: 1000 });
  });

  it('refuses a type the server does not allow', () => {
    expect(validateFile({ name: 'setup.exe', type: 'application/x-msdownload', size: 10 }, limits)).toEqual({ code: 'bad_type' });
  });

  it('refuses an empty file', () => {
    expect(validateFile({ name: 'empty.png', type: 'image/png', size: 0 }, limits)).toEqual({ code: 'empty' });
  });

  it('guesses the type from the extension when the browser reports none', () => {
    expect(contentTypeOf({ name: '보고서.HWP', type: '' })).toBe('application/x-hwp');
    expect(validateFile({ name: '보고서.hwp', type: '', size: 10 }, limits)).toBeNull();
  });
});
