import { sanitizeHtml } from './sanitize';

describe('sanitizeHtml', () => {
  it('removes scripts and event handlers but keeps Markdown output', () => {
    const html = '<h2>제목</h2><p onclick="alert(1)">본문 <strong>굵게</strong></p><script>alert(1)</script><img src=x onerror="alert(1)">';
    const clean = sanitizeHtml(html);
    expect(clean).toContain('<h2>제목</h2>');
    expect(clean).toContain('<strong>굵게</strong>');
    expect(clean).not.toMatch(/script|onclick|onerror/);
  });

  it('drops javascript: links and opens others safely', () => {
    expect(sanitizeHtml('<a href="javascript:alert(1)">x</a>')).not.toContain('javascript:');
    expect(sanitizeHtml('<a href="https://example.com">x</a>')).toContain('rel="noopener noreferrer nofollow"');
  });
});
