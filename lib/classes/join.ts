import bcrypt from 'bcryptjs';
import { db, Role } from '../db';
import { Prisma } from '../generated/prisma/client';
import { passwordProblems } from '../auth/password-policy';
import { getSiteSetting } from '../settings/site-settings';
import { ClassError } from './errors';
import { normaliseJoinCode } from './join-code';
import type { JoinThrottle } from './join-throttle';

/**
 * Joining a class with its join code: a signed-in student joins; someone without an account signs
 * up as a student (when the site's signUpEnabled setting and the class's signUpOpen are both on).
 * Archived classes cannot be joined. Wrong codes count against the client address (JoinThrottle).
 */

type Joinable = { id: string; name: string; signUpOpen: boolean };

/** The class with this code, or ClassError (429 throttled, 404 wrong code, 409 archived). */
async function classByCode(typed: string, address: string, throttle: JoinThrottle): Promise<Joinable> {
  const wait = throttle.retryAfterSeconds(address);
  if (wait > 0) {
    throw new ClassError(429, `Too many wrong join codes from your address; try again in ${Math.ceil(wait / 60)} minute(s).`, 'code', wait);
  }
  const code = normaliseJoinCode(typed);
  const room = code
    ? await db.classroom.findUnique({ where: { joinCode: code }, select: { id: true, name: true, signUpOpen: true, archivedAt: true } })
    : null;
  if (!room) {
    throttle.recordWrong(address);
    throw new ClassError(404, `No class has the join code "${code}". Check the code with your teacher.`, 'code');
  }
  if (room.archivedAt) throw new ClassError(409, `The class "${room.name}" is archived and cannot be joined.`, 'code');
  return room;
}

/**
 * A signed-in student joins the class with this code (joining twice changes nothing).
 * ClassError 403 for teachers and admins (they are added as teachers instead), else as classByCode.
 */
export async function joinWithCode(
  user: { id: string; role: Role },
  typedCode: string,
  ctx: { address: string; throttle: JoinThrottle },
): Promise<{ classroomId: string; name: string; alreadyMember: boolean }> {
  if (user.role !== Role.STUDENT) {
    throw new ClassError(403, 'Only student accounts join classes with a code; a teacher of the class can add you as a co-teacher.');
  }
  const room = await classByCode(typedCode, ctx.address, ctx.throttle);
  const existing = await db.classMembership.findUnique({ where: { classroomId_userId: { classroomId: room.id, userId: user.id } } });
  if (!existing) {
    await db.classMembership.upsert({
      where: { classroomId_userId: { classroomId: room.id, userId: user.id } },
      update: {},
      create: { classroomId: room.id, userId: user.id },
    });
  }
  return { classroomId: room.id, name: room.name, alreadyMember: !!existing };
}

/** bcrypt cost for new accounts (the seed uses the same). */
const BCRYPT_ROUNDS = 10;

/**
 * Creates a STUDENT account in the class with this code and returns it; the caller signs the
 * person in. Refusals (ClassError): 403 sign-up turned off for the site or closed for this class,
 * 400 a password problem (lib/auth/password-policy, all messages joined), 409 the e-mail has an
 * account already; and those of classByCode.
 */
export async function signUpWithCode(
  input: { code: string; name: string; email: string; password: string },
  ctx: { address: string; throttle: JoinThrottle },
): Promise<{ userId: string; classroomId: string; className: string }> {
  if (!(await getSiteSetting('signUpEnabled'))) {
    throw new ClassError(403, 'Sign-up is turned off on this site; ask your teacher for an account.');
  }
  const room = await classByCode(input.code, ctx.address, ctx.throttle);
  if (!room.signUpOpen) {
    throw new ClassError(403, `Sign-up is closed for "${room.name}"; ask your teacher to open it or to create your account.`, 'code');
  }
  const problems = passwordProblems(input.password, { email: input.email, name: input.name });
  if (problems.length > 0) throw new ClassError(400, `password: ${problems.join(' ')}`, 'password');
  const passwordHash = await bcrypt.hash(input.password, BCRYPT_ROUNDS);
  try {
    const user = await db.user.create({
      data: {
        email: input.email,
        name: input.name,
        passwordHash,
        role: Role.STUDENT,
        memberships: { create: { classroomId: room.id } },
      },
      select: { id: true },
    });
    return { userId: user.id, classroomId: room.id, className: room.name };
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
      throw new ClassError(409, `An account with the e-mail ${input.email} exists already; sign in, then join with the code.`, 'email');
    }
    throw err;
  }
}
