// Accounts against real PostgreSQL: CSV import all-or-nothing, one-time password links, session
// versions, the first admin, and the sign-in throttle (with parallel guesses).
import bcrypt from 'bcryptjs';
import { beforeEach, describe, expect, it } from 'vitest';
import { db, resetDatabase } from '../helpers/db';
import { applyAccountsImport, planAccountsImport } from '../../lib/accounts/csv-import';
import { AccountError } from '../../lib/accounts/errors';
import { createFirstAdmin } from '../../lib/accounts/first-admin';
import { hashLinkToken, passwordLinkState, usePasswordLink } from '../../lib/accounts/password-links';
import { changeOwnPassword, hashPassword } from '../../lib/accounts/passwords';
import { createAccount, createResetLink, listAccounts, updateAccount } from '../../lib/accounts/users';
import { authOptions } from '../../lib/auth/options';
import { sessionIsCurrent } from '../../lib/auth/session-rules';
import { beginSignInAttempt, markSignInSucceeded } from '../../lib/auth/sign-in-throttle';

const GOOD = 'correct horse battery staple';

async function admin() {
  return db.user.create({ data: { email: 'boss@x.test', name: 'Boss', role: 'ADMIN', passwordHash: await hashPassword(GOOD) } });
}

function classCsv(n: number, bad?: { index: number; line: string }): string {
  const lines = ['email,name,role'];
  for (let i = 1; i <= n; i++) lines.push(`student${String(i).padStart(2, '0')}@school.test,학생 ${i},student`);
  if (bad) lines[bad.index] = bad.line;
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}

describe('CSV import', () => {
  beforeEach(resetDatabase);

  it('imports nothing while one row is bad; once fixed, all 30 in one go with one-time links', async () => {
    const boss = await admin();
    const broken = classCsv(30, { index: 17, line: 'student17@school,학생 17,student' });
    const refused = await applyAccountsImport(new TextEncoder().encode(broken), boss.id);
    expect(refused.applied).toBe(false);
    expect(refused.issues).toEqual([{ line: 18, field: 'email', message: expect.stringMatching(/student17@school.*valid e-mail/) }]);
    expect(await db.user.count()).toBe(1);

    const done = await applyAccountsImport(new TextEncoder().encode(classCsv(30)), boss.id);
    expect(done.applied).toBe(true);
    expect(done.links).toHaveLength(30);
    expect(await db.user.count({ where: { role: 'STUDENT' } })).toBe(30);
    expect((await db.user.findUniqueOrThrow({ where: { email: 'student07@school.test' } })).name).toBe('학생 7');
    // Only hashes are stored; each link works for its account.
    const token = done.links![0].path.split('/').pop()!;
    const stored = await db.passwordResetToken.findMany({ select: { tokenHash: true, createdById: true } });
    expect(stored).toHaveLength(30);
    expect(stored.some((s) => s.tokenHash === token)).toBe(false);
    expect(stored.some((s) => s.tokenHash === hashLinkToken(token))).toBe(true);
    expect(await passwordLinkState(token)).toMatchObject({ state: 'valid', email: 'student01@school.test' });

    // The same file again: every row already exists, nothing changes.
    const again = await planAccountsImport(classCsv(30));
    expect(again.issues).toHaveLength(30);
    expect(again.issues[0]).toEqual({ line: 2, field: 'email', message: 'student01@school.test already has an account.' });
    const retry = await applyAccountsImport(classCsv(30), boss.id);
    expect(retry.applied).toBe(false);
    expect(await db.user.count()).toBe(31);
  });

  it('an existing e-mail in an otherwise good file stops the whole file', async () => {
    const boss = await admin();
    await db.user.create({ data: { email: 'student05@school.test', name: 'Already here', passwordHash: 'x' } });
    const plan = await applyAccountsImport(classCsv(10), boss.id);
    expect(plan.applied).toBe(false);
    expect(plan.issues).toEqual([{ line: 6, field: 'email', message: 'student05@school.test already has an account.' }]);
    expect(await db.user.count()).toBe(2);
  });
});

describe('one-time password links', () => {
  beforeEach(resetDatabase);

  it('a reset link sets the password once, ends the sessions, and then says it was used', async () => {
    const boss = await admin();
    const { account, link } = await createAccount({ email: 'kim@x.test', name: '김민수', role: 'STUDENT' }, boss.id);
    expect((await listAccounts('김민'))[0]).toMatchObject({ email: 'kim@x.test', hasPassword: false });
    const token = link.path.split('/').pop()!;
    await expect(usePasswordLink(token, 'short')).rejects.toMatchObject({ status: 400, field: 'password' });
    await expect(usePasswordLink(token, 'password123')).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/common/) });
    const before = await db.user.findUniqueOrThrow({ where: { id: account.id } });
    expect(await usePasswordLink(token, GOOD)).toEqual({ email: 'kim@x.test' });
    const after = await db.user.findUniqueOrThrow({ where: { id: account.id } });
    expect(await bcrypt.compare(GOOD, after.passwordHash)).toBe(true);
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
    expect(after.passwordChangedAt).not.toBeNull();
    await expect(usePasswordLink(token, 'another good passphrase')).rejects.toMatchObject({ status: 410, message: expect.stringMatching(/already been used/) });
    expect(await passwordLinkState(token)).toEqual({ state: 'used' });
  });

  it('expired and unknown links are refused; a newer link replaces an older one; two uses at once: one wins', async () => {
    const boss = await admin();
    const { account } = await createAccount({ email: 'lee@x.test', name: 'Lee', role: 'STUDENT' }, boss.id);
    const first = await createResetLink(account.id, boss.id);
    const second = await createResetLink(account.id, boss.id);
    const t1 = first.path.split('/').pop()!;
    const t2 = second.path.split('/').pop()!;
    expect(await passwordLinkState(t1)).toEqual({ state: 'unknown' });
    await expect(usePasswordLink(t1, GOOD)).rejects.toMatchObject({ status: 404 });
    await db.passwordResetToken.updateMany({ where: { tokenHash: hashLinkToken(t2) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(usePasswordLink(t2, GOOD)).rejects.toMatchObject({ status: 410, message: expect.stringMatching(/expired/) });

    const t3 = (await createResetLink(account.id, boss.id)).path.split('/').pop()!;
    const results = await Promise.allSettled([usePasswordLink(t3, GOOD), usePasswordLink(t3, 'another good passphrase')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected' && (r.reason as AccountError).status === 410)).toHaveLength(1);
  });
});

describe('session versions', () => {
  beforeEach(resetDatabase);

  it('a password change, disabling, and sign-out each end the sessions issued before', async () => {
    const boss = await admin();
    const u = await db.user.create({ data: { email: 'park@x.test', name: 'Park', passwordHash: await hashPassword(GOOD) } });
    const session = { sv: u.sessionVersion, signedInAt: Math.floor(Date.now() / 1000) };
    const current = async () => sessionIsCurrent(session, await db.user.findUniqueOrThrow({ where: { id: u.id } }), 24);
    expect(await current()).toBe(true);

    await expect(changeOwnPassword(u.id, 'wrong one', 'another good passphrase')).rejects.toMatchObject({ status: 400, field: 'currentPassword' });
    expect(await current()).toBe(true);
    await changeOwnPassword(u.id, GOOD, 'another good passphrase');
    expect(await current()).toBe(false);

    session.sv = (await db.user.findUniqueOrThrow({ where: { id: u.id } })).sessionVersion;
    expect(await current()).toBe(true);
    await updateAccount(u.id, { disabled: true }, boss.id);
    expect(await current()).toBe(false);
    await updateAccount(u.id, { disabled: false }, boss.id);
    session.sv = (await db.user.findUniqueOrThrow({ where: { id: u.id } })).sessionVersion;
    expect(await current()).toBe(true);

    // next-auth's signOut event with this session's token.
    await authOptions.events!.signOut!({ token: { id: u.id, sv: session.sv }, session: null as never });
    expect(await current()).toBe(false);
    // Signing out of a stale session does not bump again.
    const sv = (await db.user.findUniqueOrThrow({ where: { id: u.id } })).sessionVersion;
    await authOptions.events!.signOut!({ token: { id: u.id, sv: session.sv }, session: null as never });
    expect((await db.user.findUniqueOrThrow({ where: { id: u.id } })).sessionVersion).toBe(sv);
  });

  it('a disabled account cannot sign in; an admin cannot disable or demote themself', async () => {
    const boss = await admin();
    const u = await db.user.create({ data: { email: 'choi@x.test', name: 'Choi', passwordHash: await hashPassword(GOOD) } });
    const authorize = (authOptions.providers[0] as unknown as { options: { authorize: (c: unknown) => Promise<unknown> } }).options.authorize;
    expect(await authorize({ email: 'choi@x.test', password: GOOD })).toMatchObject({ id: u.id });
    await updateAccount(u.id, { disabled: true }, boss.id);
    expect(await authorize({ email: 'choi@x.test', password: GOOD })).toBeNull();
    await expect(updateAccount(boss.id, { disabled: true }, boss.id)).rejects.toMatchObject({ status: 400 });
    await expect(updateAccount(boss.id, { role: 'TEACHER' }, boss.id)).rejects.toMatchObject({ status: 400 });
    await expect(updateAccount(u.id, { email: 'boss@x.test' }, boss.id)).rejects.toMatchObject({ status: 409, field: 'email' });
  });
});

describe('first admin', () => {
  beforeEach(resetDatabase);

  it('two setups at once make one admin; afterwards setup is closed', async () => {
    const results = await Promise.allSettled([
      createFirstAdmin({ email: 'a@x.test', name: 'A', password: GOOD }),
      createFirstAdmin({ email: 'b@x.test', name: 'B', password: GOOD }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await db.user.count({ where: { role: 'ADMIN' } })).toBe(1);
    await expect(createFirstAdmin({ email: 'c@x.test', name: 'C', password: GOOD })).rejects.toMatchObject({ status: 409 });
    await expect(createFirstAdmin({ email: 'd@x.test', name: 'D', password: 'qwerty123' })).rejects.toMatchObject({ status: 400 });
  });
});

describe('sign-in throttle', () => {
  beforeEach(resetDatabase);

  it('5 failures lock the account for 15 minutes, other accounts unaffected; a success resets the count', async () => {
    for (let i = 0; i < 5; i++) expect((await beginSignInAttempt('Victim@X.test', '10.0.0.1')).allowed).toBe(true);
    const locked = await beginSignInAttempt('victim@x.test', '10.0.0.2');
    expect(locked).toMatchObject({ allowed: false });
    expect((locked as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(14 * 60);
    expect(await db.signInAttempt.count()).toBe(5); // refused attempts are not recorded
    expect((await beginSignInAttempt('other@x.test', '10.0.0.1')).allowed).toBe(true);

    // A success before the limit resets the account's count.
    for (let i = 0; i < 4; i++) await beginSignInAttempt('ok@x.test', '10.0.0.3');
    const good = await beginSignInAttempt('ok@x.test', '10.0.0.3');
    if (!good.allowed) throw new Error('should be allowed');
    await markSignInSucceeded(good.attemptId);
    for (let i = 0; i < 4; i++) expect((await beginSignInAttempt('ok@x.test', '10.0.0.3')).allowed).toBe(true);
  });

  it('the lock doubles after it passes and fails again', async () => {
    const t0 = new Date(Date.now() - 3600_000);
    for (let i = 0; i < 5; i++) await beginSignInAttempt('slow@x.test', '10.0.0.9', t0);
    // 16 minutes later the 15-minute lock is over: one more failure locks for 30 minutes.
    const later = new Date(t0.getTime() + 16 * 60_000);
    expect((await beginSignInAttempt('slow@x.test', '10.0.0.9', later)).allowed).toBe(true);
    const next = await beginSignInAttempt('slow@x.test', '10.0.0.9', new Date(later.getTime() + 1000));
    expect(next).toEqual({ allowed: false, retryAfterSeconds: 30 * 60 - 1 });
  });

  it('parallel guesses cannot slip past the limit', async () => {
    const results = await Promise.all(Array.from({ length: 12 }, () => beginSignInAttempt('race@x.test', '10.0.1.1')));
    expect(results.filter((r) => r.allowed)).toHaveLength(5);
  });

  it('per address: 50 failures on many accounts lock the address for everyone behind it', async () => {
    for (let i = 0; i < 50; i++) expect((await beginSignInAttempt(`spray${i}@x.test`, '198.51.100.7')).allowed).toBe(true);
    expect(await beginSignInAttempt('fresh@x.test', '198.51.100.7')).toMatchObject({ allowed: false });
    expect((await beginSignInAttempt('fresh@x.test', '198.51.100.8')).allowed).toBe(true);
  });

  it('a password reset unlocks a locked account', async () => {
    const boss = await admin();
    const { account } = await createAccount({ email: 'locked@x.test', name: 'Locked', role: 'STUDENT' }, boss.id);
    for (let i = 0; i < 5; i++) await beginSignInAttempt('locked@x.test', '10.0.2.1');
    expect((await beginSignInAttempt('locked@x.test', '10.0.2.1')).allowed).toBe(false);
    const token = (await createResetLink(account.id, boss.id)).path.split('/').pop()!;
    await usePasswordLink(token, GOOD);
    expect((await beginSignInAttempt('locked@x.test', '10.0.2.1')).allowed).toBe(true);
  });
});
