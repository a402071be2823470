import { createHash, randomBytes } from 'node:crypto';
import { db } from '../db';
import { AccountError } from './errors';
import { assertPasswordAllowed, storeNewPassword } from './passwords';

type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0];

/** A reset link an admin makes for an existing account lasts this long (hours). */
export const RESET_LINK_HOURS = 24;
/** The set-password link of a new (created or imported) account lasts this long (hours): a week to reach a class. */
export const NEW_ACCOUNT_LINK_HOURS = 7 * 24;

/** A one-time link, shown once: only the sha256 of `token` is stored (PasswordResetToken.tokenHash). */
export interface PasswordLink {
  userId: string;
  token: string;
  /** Site-relative path of the page that uses the token: /reset-password/<token>. */
  path: string;
  expiresAt: Date;
}

/** sha256 of the token, hex: what PasswordResetToken stores and looks up. */
export function hashLinkToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Make a one-time password link for `userId` (valid `hours`), replacing any earlier unused link of
 * that account. 256 random bits, base64url. Runs in `tx` when given (an import makes many at once).
 */
export async function createPasswordLink(userId: string, createdById: string | null, hours: number, tx: Tx | typeof db = db): Promise<PasswordLink> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + hours * 3600_000);
  await tx.passwordResetToken.deleteMany({ where: { userId, usedAt: null } });
  await tx.passwordResetToken.create({ data: { userId, tokenHash: hashLinkToken(token), expiresAt, createdById } });
  return { userId, token, path: `/reset-password/${token}`, expiresAt };
}

/** What a password link is now, for its page. */
export type LinkState =
  | { state: 'valid'; email: string; name: string; expiresAt: Date }
  | { state: 'used' | 'expired' | 'unknown' | 'disabled' };

/** Look a token up without using it. */
export async function passwordLinkState(token: string, now = new Date()): Promise<LinkState> {
  const row = await db.passwordResetToken.findUnique({
    where: { tokenHash: hashLinkToken(token) },
    select: { usedAt: true, expiresAt: true, user: { select: { email: true, name: true, disabledAt: true } } },
  });
  if (!row) return { state: 'unknown' };
  if (row.usedAt) return { state: 'used' };
  if (row.expiresAt <= now) return { state: 'expired' };
  if (row.user.disabledAt) return { state: 'disabled' };
  return { state: 'valid', email: row.user.email, name: row.user.name, expiresAt: row.expiresAt };
}

/** The message a person sees for a link that cannot be used. */
export const LINK_MESSAGES: Record<Exclude<LinkState['state'], 'valid'>, string> = {
  used: 'This link has already been used. Ask an admin for a new one.',
  expired: 'This link has expired. Ask an admin for a new one.',
  unknown: 'This link is not valid (mistyped, or replaced by a newer link). Ask an admin for a new one.',
  disabled: 'This account is disabled. Ask an admin.',
};

/**
 * Set a new password with a one-time link. The token is marked used in the same transaction, by a
 * conditional update, so two uses at once cannot both succeed. Ends every session of the account
 * and unlocks its sign-in throttle. Throws AccountError 410 (used/expired), 404 (unknown),
 * 403 (disabled account) or 400 (field "password": the policy's reasons).
 */
export async function usePasswordLink(token: string, password: string, now = new Date()): Promise<{ email: string }> {
  const state = await passwordLinkState(token, now);
  if (state.state !== 'valid') {
    const status = state.state === 'unknown' ? 404 : state.state === 'disabled' ? 403 : 410;
    throw new AccountError(status, LINK_MESSAGES[state.state]);
  }
  assertPasswordAllowed(password, state);
  return db.$transaction(async (tx) => {
    const claimed = await tx.passwordResetToken.updateMany({
      where: { tokenHash: hashLinkToken(token), usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (claimed.count !== 1) throw new AccountError(410, LINK_MESSAGES.used);
    const row = await tx.passwordResetToken.findUniqueOrThrow({ where: { tokenHash: hashLinkToken(token) }, select: { user: { select: { id: true, email: true } } } });
    await storeNewPassword(tx, row.user, password);
    return { email: row.user.email };
  });
}
