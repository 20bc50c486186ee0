import { describe, expect, it } from 'vitest';
import { rules } from './rules';

// Browsers compile an input's `pattern` with the `v` flag and silently ignore one that does not
// compile, so a server pattern the UI shows must be valid there too.
const htmlPattern = (pattern: string) => new RegExp(`^(?:${pattern.replace(/^\^|\$$/g, '')})$`, 'v');

describe('rules from the server', () => {
  it('compiles every pattern as a browser would', () => {
    const patterns = Object.values(rules).flatMap((fields) =>
      Object.values(fields).flatMap((rule) => ('pattern' in rule ? [rule.pattern as string] : [])));
    expect(patterns.length).toBeGreaterThan(0);
    for (const pattern of patterns) expect(() => htmlPattern(pattern)).not.toThrow();
  });

  it('refuses a board address with a space or Hangul', () => {
    const slug = htmlPattern(rules.BoardCreate.slug.pattern);
    expect(slug.test('sales-team')).toBe(true);
    expect(slug.test('영업 팀')).toBe(false);
    expect(slug.test('-sales')).toBe(false);
  });

  it('takes the phone numbers the server takes', () => {
    const phone = htmlPattern(rules.ProfileUpdate.phone.pattern);
    for (const ok of ['02-1234-5678', '+82 10 1234 5678', '(02) 123.4567', '1234']) expect(phone.test(ok)).toBe(true);
    for (const bad of ['공일공-1234', '-', '02-1234 내선 3', '02/1234']) expect(phone.test(bad)).toBe(false);
  });

  it('asks for the password length the server enforces', () => {
    expect(rules.PasswordChange.new_password.minLength).toBe(10);
    expect(rules.UserCreate.password.minLength).toBe(rules.PasswordChange.new_password.minLength);
  });
});
