import { describe, expect, it } from 'vitest';
import { loginPath, safeCallbackPath } from './paths';

describe('safeCallbackPath', () => {
  it('keeps same-site paths', () => {
    expect(safeCallbackPath('/labs/cache-order')).toBe('/labs/cache-order');
    expect(safeCallbackPath('/submissions?x=1')).toBe('/submissions?x=1');
  });
  it('refuses other sites and odd values', () => {
    for (const bad of ['https://evil.example', '//evil.example', '/\\evil.example', 'labs', '', null, undefined, '/login', '/login?callbackUrl=/x', '/a\nb']) {
      expect(safeCallbackPath(bad as string)).toBe('/');
    }
  });
  it('builds the login path', () => {
    expect(loginPath('/labs/a b')).toBe('/login?callbackUrl=%2Flabs%2Fa%20b');
    expect(loginPath()).toBe('/login');
    expect(loginPath('https://evil.example')).toBe('/login');
  });
});
