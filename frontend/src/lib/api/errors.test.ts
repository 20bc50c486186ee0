import { i18n } from '@/lib/i18n';
import { fieldError, toApiError } from './errors';

const refusal = toApiError(409, {
  error: {
    code: 'slug_taken', message: 'A board with this slug exists.',
    fields: { slug: ['Already in use.'], name: ['Something nobody coded.'], role: ['Must be one of: employee, admin.'] },
    field_codes: {
      slug: [{ code: 'taken', params: {} }],
      name: [{ code: 'no_such_code_yet', params: {} }],
      role: [{ code: 'length_between', params: { min: 10, max: 128 } }],
    },
  },
});

describe('fieldError', () => {
  afterEach(() => i18n.changeLanguage('ko'));

  it("says the server's code in Korean, never its English sentence", async () => {
    await i18n.changeLanguage('ko');
    expect(fieldError(refusal, 'slug')).toBe('이미 사용 중입니다.');
    expect(fieldError(refusal, 'role')).toBe('10자 이상 128자 이하로 입력하세요.');
    expect(fieldError(refusal, 'name')).toBe('값을 확인하세요.'); // an unknown code: generic, still Korean
    expect(fieldError(refusal, 'email')).toBeUndefined();
  });

  it('says it in English when the UI is in English', async () => {
    await i18n.changeLanguage('en');
    expect(fieldError(refusal, 'slug')).toBe('Already in use.');
    expect(fieldError(refusal, 'role')).toBe('Use 10 to 128 characters.');
  });

  it('an older server without codes still gets a translated sentence', async () => {
    await i18n.changeLanguage('ko');
    const old = toApiError(422, { error: { code: 'validation_error', message: 'x', fields: { title: ['Too long.'] } } });
    expect(fieldError(old, 'title')).toBe('값을 확인하세요.');
  });
});
