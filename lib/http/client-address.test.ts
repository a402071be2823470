import { describe, expect, it } from 'vitest';
import { clientAddress } from './client-address';

describe('clientAddress', () => {
  const req = (xff?: string) => new Request('http://127.0.0.1/', { headers: xff ? { 'x-forwarded-for': xff } : {} });
  it('takes the entry the edge appended (the last), not what the client claimed', () => {
    expect(clientAddress(req('1.2.3.4, 203.0.113.9'))).toBe('203.0.113.9');
    expect(clientAddress(req('203.0.113.9'))).toBe('203.0.113.9');
    expect(clientAddress(req())).toBe('local');
  });
});
