import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const src = join(__dirname, '..');

function keys(object: object, prefix = ''): string[] {
  return Object.entries(object).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null ? keys(value, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

/** The app's bundle plus the bundles features merge in when their lazy chunk loads. */
const bundleDirs = [join(src, 'locales'), ...readdirSync(join(src, 'features'))
  .map((feature) => join(src, 'features', feature, 'locales'))
  .filter((dir) => existsSync(dir))];
const read = (dir: string, lang: string) => JSON.parse(readFileSync(join(dir, `${lang}.json`), 'utf8')) as object;

describe('translation files', () => {
  it.each(bundleDirs.map((dir) => [dir.slice(src.length + 1)]))('%s: Korean and English have the same keys', (dir) => {
    expect(keys(read(join(src, dir), 'en')).sort()).toEqual(keys(read(join(src, dir), 'ko')).sort());
  });

  it('every literal key used in the source exists', () => {
    const known = new Set(bundleDirs.flatMap((dir) => keys(read(dir, 'ko'))));
    const used = new Set<string>();
    for (const file of sourceFiles(src)) {
      for (const match of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) used.add(match[1]);
    }
    expect(used.size).toBeGreaterThan(50);
    expect([...used].filter((key) => !known.has(key))).toEqual([]);
  });

  it('has no Hangul left in components outside the translation files', () => {
    const offenders = sourceFiles(src)
      .filter((file) => !file.includes('/locales/'))
      .filter((file) => /[가-힣]/.test(readFileSync(file, 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '')));
    expect(offenders).toEqual([]);
  });

  it('names every action the server writes to the audit log, in both languages', () => {
    const portal = join(src, '..', '..', 'portal');
    const pythonFiles = (dir: string): string[] => readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? pythonFiles(path) : name.endsWith('.py') ? [path] : [];
    });
    const actions = new Set(pythonFiles(portal).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/audit\.record\([^,]+,\s*"([a-z_.]+)"/g)].map((m) => m[1])));
    expect(actions.size).toBeGreaterThan(10);
    for (const lang of ['ko', 'en']) {
      const known = new Set(keys(read(join(src, 'locales'), lang)));
      expect([...actions].filter((action) => !known.has(`admin.audit.actions.${action.replace('.', '_')}`))).toEqual([]);
    }
  });

  describe('every error code the server can send is translated', () => {
    const portal = join(src, '..', '..', 'portal');
    const pythonFiles = (dir: string): string[] => readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? pythonFiles(path) : name.endsWith('.py') ? [path] : [];
    });
    const python = pythonFiles(portal).map((file) => readFileSync(file, 'utf8')).join('\n');
    const translations = (lang: string) => new Set(bundleDirs.flatMap((dir) => keys(read(dir, lang))));
    const latinWords = /[A-Za-z]{2,}/g;

    it('field codes (portal/field_problems.py CODES) have a Korean and an English sentence', () => {
      const block = /CODES = frozenset\(\{([\s\S]*?)\}\)/.exec(readFileSync(join(portal, 'field_problems.py'), 'utf8'));
      const codes = [...(block?.[1] ?? '').matchAll(/"([a-z_]+)"/g)].map((m) => m[1]);
      expect(codes.length).toBeGreaterThan(20);
      for (const lang of ['ko', 'en']) {
        const known = translations(lang);
        expect(codes.filter((code) => !known.has(`fieldErrors.${code}`))).toEqual([]);
      }
    });

    it('error codes (code="…", error_response, status defaults) have a Korean and an English sentence', () => {
      const codes = new Set([
        ...[...python.matchAll(/\bcode="([a-z_]+)"/g)].map((m) => m[1]),
        ...[...python.matchAll(/(?:error_response|_unauthorized)\((?:\d+,\s*)?"([a-z_]+)"/g)].map((m) => m[1]),
        ...[...python.matchAll(/status, code = \d+, "([a-z_]+)"/g)].map((m) => m[1]),
        ...[...python.matchAll(/^\s+\d{3}: "([a-z_]+)",$/gm)].map((m) => m[1]),
      ]);
      expect(codes.size).toBeGreaterThan(30);
      for (const lang of ['ko', 'en']) {
        const known = translations(lang);
        expect([...codes].filter((code) => !known.has(`errors.${code}`))).toEqual([]);
      }
    });

    it('the Korean error sentences contain no English words (units such as MB aside)', () => {
      const ko = read(join(src, 'locales'), 'ko') as Record<string, Record<string, string>>;
      const sentences = [...Object.values(ko.errors), ...Object.values(ko.fieldErrors)];
      const english = sentences.filter((s) => (s.replace(/\{\{\w+\}\}/g, '').match(latinWords) ?? []).some((w) => w !== 'MB'));
      expect(english).toEqual([]);
    });
  });
});
