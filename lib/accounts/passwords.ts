import bcrypt from 'bcryptjs';
import { db } from '../db';
import { passwordProblems } from '../auth/password-policy';
import { usablePasswordHash } from '../auth/session-rules';
import { unlockAccount } from '../auth/sign-in-throttle';
import { AccountError } from './errors';

type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0];

/** bcrypt cost factor for stored passwords (2^10 rounds, ~70 ms here). */
const BCRYPT_COST = 10;

/** Throws AccountError(400, field "password" or `field`) when the policy refuses the password. */
export function assertPasswordAllowed(password: string, account: { email: string; name: string }, field = 'password'): void {
  const problems = passwordProblems(password, account);
  if (problems.length > 0) throw new AccountError(400, problems.join(' '), field);
}

/** The bcrypt hash to store for a password the policy accepted. */
export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_COST);
}

/**
 * Store a new password for `userId` inside `tx`: hash, passwordChangedAt, and sessionVersion + 1
 * (every existing session of the account ends), and unlock the sign-in throttle for its e-mail.
 */
export async function storeNewPassword(tx: Tx, user: { id: string; email: string }, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  await tx.user.update({
    where: { id: user.id },
    data: { passwordHash, passwordChangedAt: new Date(), sessionVersion: { increment: 1 } },
  });
  await unlockAccount(user.email, tx);
}

/**
 * A signed-in user changes their own password: the current one must match, the new one pass the
 * policy and differ from the current one. Ends every session of the user, this one included.
 * Throws AccountError 400 (field currentPassword / newPassword) or 404.
 */
export async function changeOwnPassword(userId: string, currentPassword: string, newPassword: string): Promise<void> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true, email: true, name: true, passwordHash: true } });
  if (!user) throw new AccountError(404, 'No such account.');
  const matches = usablePasswordHash(user.passwordHash) && (await bcrypt.compare(currentPassword, user.passwordHash));
  if (!matches) throw new AccountError(400, 'Your current password is not right.', 'currentPassword');
  if (currentPassword === newPassword) throw new AccountError(400, 'Choose a password different from the current one.', 'newPassword');
  assertPasswordAllowed(newPassword, user, 'newPassword');
  await db.$transaction((tx) => storeNewPassword(tx, user, newPassword));
}
