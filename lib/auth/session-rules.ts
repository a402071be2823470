/**
 * Pure rules about sessions and stored passwords, shared by next-auth's options, getCurrentUser and
 * the account code.
 */

/** The longest session lifetime an admin may set (hours): 90 days, as SITE_SETTINGS allows. */
export const SESSION_LIFETIME_MAX_HOURS = 24 * 90;

/** Stored instead of a hash while an account has no password yet (set by its one-time link). */
export const NO_PASSWORD_YET = '!no-password-yet';

/** Whether a stored hash can ever match: a bcrypt hash ($2a$/$2b$/$2y$), not NO_PASSWORD_YET. */
export function usablePasswordHash(hash: string): boolean {
  return /^\$2[aby]\$\d\d\$/.test(hash);
}

/**
 * Whether a session still counts. A session is a JWT carrying the user's sessionVersion (`sv`) and
 * its sign-in time (`signedInAt`, seconds). It ends when the account is disabled, when the version
 * was bumped since (sign-out, password change or reset, disabling), or when it is older than the
 * sessionLifetimeHours site setting. Tokens without `sv`/`signedInAt` (issued before these rules)
 * do not count.
 */
export function sessionIsCurrent(
  session: { sv?: number; signedInAt?: number },
  user: { sessionVersion: number; disabledAt: Date | null },
  lifetimeHours: number,
  now = new Date(),
): boolean {
  if (user.disabledAt) return false;
  if (typeof session.sv !== 'number' || session.sv !== user.sessionVersion) return false;
  if (typeof session.signedInAt !== 'number') return false;
  return now.getTime() < (session.signedInAt + lifetimeHours * 3600) * 1000;
}
