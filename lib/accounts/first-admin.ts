import { createHmac, timingSafeEqual } from 'node:crypto';
import { db } from '../db';
import { authSecret } from '../auth/secret';
import { env } from '../env';
import { AccountError } from './errors';
import { assertPasswordAllowed, hashPassword } from './passwords';

/**
 * The first admin of a site started without demo mode (LAYERLAB_DEMO=0). Two ways, both refused
 * once any admin exists (disabled ones count):
 *   - LAYERLAB_ADMIN_EMAIL + LAYERLAB_ADMIN_PASSWORD at start (scripts/db/seed.ts);
 *   - the one-time /setup page, which needs the setup token printed in the server log at start
 *     (scripts/platform.ts): an HMAC of the session secret, so only someone who can read the log or
 *     the data folder can claim the site; a drive-by visitor cannot, even before the admin comes.
 */

/** Whether any admin account exists. */
export async function adminExists(): Promise<boolean> {
  return (await db.user.count({ where: { role: 'ADMIN' } })) > 0;
}

/** The /setup token: HMAC-SHA256 of the session secret (never the secret itself), base64url. */
export function setupToken(): string {
  return createHmac('sha256', authSecret()).update('layerlab:first-admin-setup').digest('base64url');
}

/** Constant-time comparison with setupToken(). */
export function isSetupToken(candidate: string): boolean {
  const want = Buffer.from(setupToken());
  const got = Buffer.from(candidate);
  return got.length === want.length && timingSafeEqual(got, want);
}

/**
 * Create the first admin. Serialized by an advisory lock, and re-checked inside it, so two setups at
 * once make one admin. Throws AccountError 409 when an admin exists, 400 when the password is refused.
 */
export async function createFirstAdmin(input: { email: string; name: string; password: string }): Promise<{ id: string; email: string }> {
  assertPasswordAllowed(input.password, input);
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${'layerlab:first-admin'}::text, 0))`;
    if ((await tx.user.count({ where: { role: 'ADMIN' } })) > 0) throw new AccountError(409, 'This site already has an admin; sign in instead.');
    const taken = await tx.user.findUnique({ where: { email: input.email }, select: { id: true } });
    if (taken) throw new AccountError(409, `An account with the e-mail ${input.email} already exists.`, 'email');
    return tx.user.create({ data: { email: input.email, name: input.name, role: 'ADMIN', passwordHash, passwordChangedAt: new Date() }, select: { id: true, email: true } });
  });
}

/**
 * At start with demo mode off: create the admin from LAYERLAB_ADMIN_EMAIL/LAYERLAB_ADMIN_PASSWORD
 * when no admin exists. Returns what happened, for the start log. Throws Error with the policy's
 * reasons when the password is refused (the start stops and says why).
 */
export async function ensureAdminFromEnv(): Promise<'created' | 'exists' | 'not-configured'> {
  const e = env();
  if (await adminExists()) return 'exists';
  if (!e.LAYERLAB_ADMIN_EMAIL || !e.LAYERLAB_ADMIN_PASSWORD) return 'not-configured';
  try {
    await createFirstAdmin({ email: e.LAYERLAB_ADMIN_EMAIL, name: 'Admin', password: e.LAYERLAB_ADMIN_PASSWORD });
  } catch (err) {
    if (err instanceof AccountError) throw new Error(`LAYERLAB_ADMIN_PASSWORD: ${err.message}`);
    throw err;
  }
  return 'created';
}
