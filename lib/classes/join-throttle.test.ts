import { describe, expect, it } from 'vitest';
import { JoinThrottle } from './join-throttle';

describe('JoinThrottle (wrong join codes per address, sliding window)', () => {
  it('allows max wrong codes, then asks to wait until the oldest leaves the window', () => {
    let t = 1_000_000;
    const th = new JoinThrottle(3, 60_000, () => t);
    for (let i = 0; i < 3; i++) {
      expect(th.retryAfterSeconds('a')).toBe(0);
      th.recordWrong('a');
      t += 1000;
    }
    expect(th.retryAfterSeconds('a')).toBe(57);
    expect(th.retryAfterSeconds('b')).toBe(0);
    t += 57_000;
    expect(th.retryAfterSeconds('a')).toBe(0);
  });
});
