import { Prisma } from '../generated/prisma/client';
import { db, type Role } from '../db';
import { NO_PASSWORD_YET } from '../auth/session-rules';
import { AccountError } from './errors';
import { createPasswordLink, NEW_ACCOUNT_LINK_HOURS, RESET_LINK_HOURS, type PasswordLink } from './password-links';
import type { CreateUserInput, UpdateUserInput } from './schemas';

/** One row of the admin's account list. */
export interface AccountRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabledAt: Date | null;
  createdAt: Date;
  /** Whether the account has set a password (false: its set-password link was not used yet). */
  hasPassword: boolean;
}

const ROW_SELECT = { id: true, email: true, name: true, role: true, disabledAt: true, createdAt: true, passwordHash: true } as const;

function toRow(u: { passwordHash: string } & Omit<AccountRow, 'hasPassword'>): AccountRow {
  const { passwordHash, ...rest } = u;
  return { ...rest, hasPassword: passwordHash !== NO_PASSWORD_YET };
}

/** Accounts whose name or e-mail contains `query` (case-insensitive), by e-mail; at most `limit`. */
export async function listAccounts(query = '', limit = 500): Promise<AccountRow[]> {
  const q = query.trim().slice(0, 100);
  const rows = await db.user.findMany({
    where: q ? { OR: [{ email: { contains: q, mode: 'insensitive' } }, { name: { contains: q, mode: 'insensitive' } }] } : {},
    orderBy: { email: 'asc' },
    take: limit,
    select: ROW_SELECT,
  });
  return rows.map(toRow);
}

/** One account, or AccountError 404. */
export async function getAccount(id: string): Promise<AccountRow> {
  const u = await db.user.findUnique({ where: { id }, select: ROW_SELECT });
  if (!u) throw new AccountError(404, 'No such account.');
  return toRow(u);
}

function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002';
}

/**
 * An admin creates an account without a password, and gets its one-time set-password link (valid
 * NEW_ACCOUNT_LINK_HOURS). Throws AccountError 409 (field email) when the e-mail is taken.
 */
export async function createAccount(input: CreateUserInput, actorId: string): Promise<{ account: AccountRow; link: PasswordLink }> {
  try {
    return await db.$transaction(async (tx) => {
      const u = await tx.user.create({ data: { ...input, passwordHash: NO_PASSWORD_YET }, select: ROW_SELECT });
      const link = await createPasswordLink(u.id, actorId, NEW_ACCOUNT_LINK_HOURS, tx);
      return { account: toRow(u), link };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AccountError(409, `An account with the e-mail ${input.email} already exists.`, 'email');
    throw err;
  }
}

/**
 * An admin changes an account's e-mail, name, role, or disables/enables it. Disabling (and a role
 * change) bumps sessionVersion, so the account's sessions end at once. An admin cannot disable
 * themself or take away their own admin role (the site would lose its last way in).
 * Throws AccountError 404, 409 (e-mail taken) or 400 (own account).
 */
export async function updateAccount(id: string, patch: UpdateUserInput, actorId: string): Promise<AccountRow> {
  const current = await getAccount(id);
  if (id === actorId && patch.disabled === true) throw new AccountError(400, 'You cannot disable your own account.', 'disabled');
  if (id === actorId && patch.role && patch.role !== 'ADMIN') throw new AccountError(400, 'You cannot take away your own admin role.', 'role');
  const data: Prisma.UserUpdateInput = {};
  if (patch.email !== undefined) data.email = patch.email;
  if (patch.name !== undefined) data.name = patch.name;
  if (patch.role !== undefined) data.role = patch.role;
  const disabling = patch.disabled === true && !current.disabledAt;
  if (patch.disabled !== undefined) data.disabledAt = patch.disabled ? (current.disabledAt ?? new Date()) : null;
  if (disabling || (patch.role !== undefined && patch.role !== current.role)) data.sessionVersion = { increment: 1 };
  try {
    return toRow(await db.user.update({ where: { id }, data, select: ROW_SELECT }));
  } catch (err) {
    if (isUniqueViolation(err)) throw new AccountError(409, `An account with the e-mail ${patch.email} already exists.`, 'email');
    throw err;
  }
}

/** An admin makes a one-time password-reset link for an account (valid RESET_LINK_HOURS). */
export async function createResetLink(id: string, actorId: string): Promise<PasswordLink> {
  const account = await getAccount(id);
  if (account.disabledAt) throw new AccountError(409, 'Enable the account before making a reset link.');
  return createPasswordLink(id, actorId, RESET_LINK_HOURS);
}
