import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, parseImageHosts, securityHeaders } from './security-headers';

describe('security headers', () => {
  it('locks framing, plugins, base and forms; no eval in production', () => {
    const csp = contentSecurityPolicy();
    for (const d of ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "default-src 'self'", "img-src 'self' data:"]) {
      expect(csp).toContain(d);
    }
    expect(csp).not.toContain('unsafe-eval');
    expect(contentSecurityPolicy({ dev: true })).toContain("'unsafe-eval'");
  });

  it('allows images only from the configured hosts, ignoring malformed entries', () => {
    const csp = contentSecurityPolicy({ imageHosts: parseImageHosts(' IMG.example.org, bad host;script-src *, cdn.example.com:8443') });
    expect(csp).toContain("img-src 'self' data: https://img.example.org https://cdn.example.com:8443;");
    expect(csp).not.toContain('script-src *');
  });

  it('sends nosniff, a referrer policy and the CSP', () => {
    const names = securityHeaders().map((h) => `${h.key}: ${h.value.split(';')[0]}`);
    expect(names).toEqual(
      expect.arrayContaining(['X-Content-Type-Options: nosniff', 'Referrer-Policy: strict-origin-when-cross-origin', "Content-Security-Policy: default-src 'self'"]),
    );
  });
});
