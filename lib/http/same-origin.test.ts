import { describe, expect, it } from 'vitest';
import { crossSiteRefusal, refuseCrossSite } from './same-origin';

const req = (headers: Record<string, string>) =>
  new Request('http://127.0.0.1:3000/api/admin/lessons', { method: 'POST', headers: { host: '127.0.0.1:3000', ...headers } });

describe('crossSiteRefusal', () => {
  it('allows same-origin browser requests and non-browser clients', () => {
    expect(crossSiteRefusal(req({ 'sec-fetch-site': 'same-origin', origin: 'http://127.0.0.1:3000' }))).toBeUndefined();
    expect(crossSiteRefusal(req({ 'sec-fetch-site': 'none' }))).toBeUndefined();
    expect(crossSiteRefusal(req({}))).toBeUndefined(); // curl: no ambient cookie risk
    expect(crossSiteRefusal(req({ origin: 'http://127.0.0.1:3000' }))).toBeUndefined();
  });

  it('refuses cross-site and same-site (another port) requests by Sec-Fetch-Site', () => {
    expect(crossSiteRefusal(req({ 'sec-fetch-site': 'cross-site' }))?.status).toBe(403);
    expect(crossSiteRefusal(req({ 'sec-fetch-site': 'same-site', origin: 'http://127.0.0.1:4000' }))?.error).toMatch(/same-site/);
  });

  it('refuses a foreign or opaque Origin when Sec-Fetch-Site is absent', () => {
    expect(crossSiteRefusal(req({ origin: 'https://evil.example' }))?.error).toMatch(/Origin does not match/);
    expect(crossSiteRefusal(req({ origin: 'null' }))?.error).toMatch(/opaque/);
  });

  it('refuseCrossSite answers 403 JSON, not cached', async () => {
    const res = refuseCrossSite(req({ 'sec-fetch-site': 'cross-site' }));
    expect(res?.status).toBe(403);
    expect(res?.headers.get('cache-control')).toBe('no-store');
    expect(await res?.json()).toEqual({ error: 'Cross-site request refused (Sec-Fetch-Site: cross-site).' });
    expect(refuseCrossSite(req({ 'sec-fetch-site': 'same-origin' }))).toBeUndefined();
  });
});
