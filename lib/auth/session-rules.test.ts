import { describe, expect, it } from 'vitest';
import { NO_PASSWORD_YET, sessionIsCurrent, usablePasswordHash } from './session-rules';

describe('sessionIsCurrent', () => {
  const now = new Date('2026-11-29T12:00:00Z');
  const at = now.getTime() / 1000 - 3600; // signed in an hour ago
  const user = { sessionVersion: 3, disabledAt: null };
  it('keeps a session of the current version within its lifetime', () => {
    expect(sessionIsCurrent({ sv: 3, signedInAt: at }, user, 2, now)).toBe(true);
  });
  it('ends it when the version moved on, the account is disabled, or the lifetime passed', () => {
    expect(sessionIsCurrent({ sv: 2, signedInAt: at }, user, 2, now)).toBe(false);
    expect(sessionIsCurrent({ sv: 3, signedInAt: at }, { sessionVersion: 3, disabledAt: now }, 2, now)).toBe(false);
    expect(sessionIsCurrent({ sv: 3, signedInAt: at }, user, 1, now)).toBe(false);
    expect(sessionIsCurrent({ signedInAt: at }, user, 2, now)).toBe(false);
    expect(sessionIsCurrent({ sv: 3 }, user, 2, now)).toBe(false);
  });
});

describe('usablePasswordHash', () => {
  it('accepts bcrypt hashes only', () => {
    expect(usablePasswordHash('$2b$10$sCuSjV3fsFcXSOQRr.yuC.DKVwbTuNNZnbHSeEeAArw6nxWxH61Fu')).toBe(true);
    expect(usablePasswordHash(NO_PASSWORD_YET)).toBe(false);
    expect(usablePasswordHash('x')).toBe(false);
  });
});
