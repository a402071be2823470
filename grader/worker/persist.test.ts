import { describe, expect, it } from 'vitest';
import { capLog } from './persist';

describe('capLog', () => {
  it('keeps a short log as it is', () => {
    expect(capLog('abc', 10)).toBe('abc');
  });
  it('keeps head and tail of a flood and says how much was cut', () => {
    const log = 'H'.repeat(100) + 'T'.repeat(100);
    const capped = capLog(log, 50);
    expect(capped.startsWith('H'.repeat(25))).toBe(true);
    expect(capped.endsWith('T'.repeat(25))).toBe(true);
    expect(capped).toContain('150 characters cut');
  });
});
