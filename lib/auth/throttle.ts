/**
 * The sign-in throttle's decision, pure (lib/auth/sign-in-throttle.ts supplies the facts from the
 * SignInAttempt table). Rule, after OWASP's Authentication cheat sheet ("account lockout" with an
 * increasing delay) and NIST SP 800-63B §5.2.2 (limit failed attempts per account):
 *   - failures counted: those inside `windowSeconds` before now, and (per account) only those after
 *     the last successful sign-in or password reset;
 *   - fewer than `limit` failures: allowed;
 *   - `limit` or more: refused until the last failure + `lockSeconds` × 2^(failures − limit)
 *     (exponential backoff), at most `maxLockSeconds`.
 * Refused attempts are not recorded, so hammering a locked account does not lengthen its lock;
 * each real failure after a lock ends doubles the next one.
 */
export interface ThrottlePolicy {
  /** Failures that trigger the lock. */
  limit: number;
  /** How far back failures count, in seconds. */
  windowSeconds: number;
  /** The first lock's length, in seconds. */
  lockSeconds: number;
  /** The longest lock, in seconds. */
  maxLockSeconds: number;
}

/** Per account (the e-mail as typed, lower-cased): 5 failures in 24 h → 15 min, 30 min, 1 h… capped at 24 h. */
export const ACCOUNT_POLICY: ThrottlePolicy = { limit: 5, windowSeconds: 24 * 3600, lockSeconds: 15 * 60, maxLockSeconds: 24 * 3600 };
/** Per client address: 50 failures in 15 min (a classroom behind one NAT signs in together) → 15 min lock. */
export const ADDRESS_POLICY: ThrottlePolicy = { limit: 50, windowSeconds: 15 * 60, lockSeconds: 15 * 60, maxLockSeconds: 3600 };

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Decide from the failure times (any order) that count for one key.
 * `failures` must already exclude failures before the key's last success when successes reset it.
 */
export function throttleDecision(failures: readonly Date[], now: Date, policy: ThrottlePolicy): ThrottleDecision {
  const since = now.getTime() - policy.windowSeconds * 1000;
  const recent = failures.map((d) => d.getTime()).filter((t) => t > since && t <= now.getTime());
  if (recent.length < policy.limit) return { allowed: true };
  const last = Math.max(...recent);
  const lockMs = Math.min(policy.lockSeconds * 2 ** (recent.length - policy.limit), policy.maxLockSeconds) * 1000;
  const until = last + lockMs;
  if (until <= now.getTime()) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.ceil((until - now.getTime()) / 1000) };
}

/** The stricter of two decisions (the longer wait wins). */
export function stricter(a: ThrottleDecision, b: ThrottleDecision): ThrottleDecision {
  if (a.allowed) return b;
  if (b.allowed) return a;
  return a.retryAfterSeconds >= b.retryAfterSeconds ? a : b;
}

/** "Too many failed sign-ins…" with the wait in words, for the login form. */
export function throttleMessage(retryAfterSeconds: number): string {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  const wait = retryAfterSeconds < 60 ? `${retryAfterSeconds} seconds` : minutes < 120 ? `${minutes} minute${minutes === 1 ? '' : 's'}` : `${Math.ceil(minutes / 60)} hours`;
  return `Too many failed sign-ins. Try again in ${wait}, or ask an admin for a password-reset link.`;
}
