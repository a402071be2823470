import { db } from '../db';
import { ACCOUNT_POLICY, ADDRESS_POLICY, stricter, throttleDecision, type ThrottleDecision, type ThrottlePolicy } from './throttle';

type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0];

/** What beginSignInAttempt answers: go ahead (and report the outcome on `attemptId`), or wait. */
export type SignInGate = { allowed: true; attemptId: string } | { allowed: false; retryAfterSeconds: number };

/** Marks the SignInAttempt rows that are not sign-ins but unlock an account (a password reset or change). */
export const UNLOCK_ADDRESS = 'password-set';

/**
 * Decide whether a sign-in for `email` from `clientAddress` may be tried (lib/auth/throttle.ts
 * rules, per account and per address) and, when it may, record it at once as a failure: parallel
 * guesses then count against each other (advisory locks on the account and the address serialize
 * the check and the insert). Call markSignInSucceeded(attemptId) when the password was right.
 * Refused attempts are not recorded.
 */
export async function beginSignInAttempt(email: string, clientAddress: string, now = new Date()): Promise<SignInGate> {
  const account = email.trim().toLowerCase().slice(0, 320);
  const address = clientAddress.slice(0, 100);
  return db.$transaction(async (tx) => {
    // Always account first, then address: two requests never wait on each other in opposite order.
    await lock(tx, `layerlab:sign-in:account:${account}`);
    await lock(tx, `layerlab:sign-in:address:${address}`);
    const decision = stricter(await accountDecision(tx, account, now), await addressDecision(tx, address, now));
    if (!decision.allowed) return decision;
    const row = await tx.signInAttempt.create({ data: { email: account, clientAddress: address, ok: false, createdAt: now }, select: { id: true } });
    return { allowed: true as const, attemptId: row.id };
  });
}

/** The attempt begun by beginSignInAttempt was a successful sign-in: it resets the account's count. */
export async function markSignInSucceeded(attemptId: string): Promise<void> {
  await db.signInAttempt.update({ where: { id: attemptId }, data: { ok: true } });
}

/** A new password was set for the account (reset link or change): earlier failures stop counting. */
export async function unlockAccount(email: string, tx: Tx | typeof db = db): Promise<void> {
  await tx.signInAttempt.create({ data: { email: email.trim().toLowerCase(), clientAddress: UNLOCK_ADDRESS, ok: true } });
}

async function lock(tx: Tx, key: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}::text, 0))`;
}

async function accountDecision(tx: Tx, email: string, now: Date): Promise<ThrottleDecision> {
  const since = new Date(now.getTime() - ACCOUNT_POLICY.windowSeconds * 1000);
  const lastOk = await tx.signInAttempt.findFirst({ where: { email, ok: true, createdAt: { gt: since } }, orderBy: { createdAt: 'desc' }, select: { createdAt: true } });
  const failures = await tx.signInAttempt.findMany({
    where: { email, ok: false, createdAt: { gt: lastOk?.createdAt ?? since } },
    select: { createdAt: true },
    orderBy: { createdAt: 'desc' },
    take: 64, // 2^(64-5) × 15 min is far past the cap: more rows change nothing
  });
  return decide(failures, now, ACCOUNT_POLICY);
}

async function addressDecision(tx: Tx, clientAddress: string, now: Date): Promise<ThrottleDecision> {
  const since = new Date(now.getTime() - ADDRESS_POLICY.windowSeconds * 1000);
  const failures = await tx.signInAttempt.findMany({
    where: { clientAddress, ok: false, createdAt: { gt: since } },
    select: { createdAt: true },
    orderBy: { createdAt: 'desc' },
    take: ADDRESS_POLICY.limit + 64,
  });
  return decide(failures, now, ADDRESS_POLICY);
}

function decide(rows: { createdAt: Date }[], now: Date, policy: ThrottlePolicy): ThrottleDecision {
  return throttleDecision(rows.map((r) => r.createdAt), now, policy);
}
