import { describe, expect, it } from 'vitest';
import { clientAddress } from './client-address';

const h = (o: Record<string, string>) => new Headers(o);

describe('clientAddress', () => {
  it("prefers the edge's X-Real-IP", () => {
    expect(clientAddress(h({ 'x-real-ip': '203.0.113.7', 'x-forwarded-for': '1.1.1.1, 203.0.113.7' }))).toBe('203.0.113.7');
  });
  it('takes the last X-Forwarded-For hop, never what the client put first', () => {
    expect(clientAddress(h({ 'x-forwarded-for': '6.6.6.6, 198.51.100.2' }))).toBe('198.51.100.2');
    expect(clientAddress(h({ 'x-forwarded-for': '::ffff:127.0.0.1' }))).toBe('127.0.0.1');
  });
  it('ignores values that are not addresses', () => {
    expect(clientAddress(h({ 'x-real-ip': 'evil', 'x-forwarded-for': '10.0.0.1, nonsense' }))).toBe('unknown');
    expect(clientAddress(h({}))).toBe('unknown');
  });
});
