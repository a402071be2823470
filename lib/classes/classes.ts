import { db, Role } from '../db';
import { Prisma } from '../generated/prisma/client';
import { ClassError, classNotFound } from './errors';
import { newJoinCode } from './join-code';
import { classesManagedBy, type ClassViewer } from './teaching';

/**
 * The teacher's side of a class: list, read, create, change settings, archive, rotate the join
 * code. Every query is scoped by classesManagedBy (a teacher: the classes they teach; an admin: all);
 * a class outside the scope is "not found" (ClassError 404).
 */

export type ClassSummary = {
  id: string;
  name: string;
  timeZone: string;
  archivedAt: Date | null;
  students: number;
  assignments: number;
  teachers: string[];
};

/** The classes the viewer manages, active ones and archived ones apart, each sorted by name. */
export async function listManagedClasses(viewer: ClassViewer): Promise<{ active: ClassSummary[]; archived: ClassSummary[] }> {
  const rows = await db.classroom.findMany({
    where: classesManagedBy(viewer),
    orderBy: [{ name: 'asc' }, { createdAt: 'asc' }],
    select: {
      id: true,
      name: true,
      timeZone: true,
      archivedAt: true,
      _count: { select: { members: true, assignments: true } },
      teachers: { orderBy: { createdAt: 'asc' }, select: { user: { select: { name: true } } } },
    },
  });
  const all = rows.map((r) => ({
    id: r.id,
    name: r.name,
    timeZone: r.timeZone,
    archivedAt: r.archivedAt,
    students: r._count.members,
    assignments: r._count.assignments,
    teachers: r.teachers.map((t) => t.user.name),
  }));
  return { active: all.filter((c) => !c.archivedAt), archived: all.filter((c) => c.archivedAt) };
}

/** One managed class with its roster, teachers and assignments, or null (not the viewer's or none). */
export async function getManagedClass(viewer: ClassViewer, id: string) {
  if (typeof id !== 'string' || id.length === 0 || id.length > 64) return null;
  return db.classroom.findFirst({
    where: { AND: [{ id }, classesManagedBy(viewer)] },
    select: {
      id: true,
      name: true,
      joinCode: true,
      signUpOpen: true,
      timeZone: true,
      archivedAt: true,
      createdAt: true,
      teachers: { orderBy: { createdAt: 'asc' }, select: { user: { select: { id: true, name: true, email: true } } } },
      members: {
        orderBy: [{ user: { name: 'asc' } }, { user: { email: 'asc' } }],
        select: { joinedAt: true, user: { select: { id: true, name: true, email: true } } },
      },
      assignments: {
        orderBy: [{ dueAt: { sort: 'asc', nulls: 'last' } }, { createdAt: 'asc' }],
        select: { id: true, labId: true, opensAt: true, dueAt: true, latePolicy: true },
      },
    },
  });
}

export type ManagedClass = NonNullable<Awaited<ReturnType<typeof getManagedClass>>>;

/**
 * The managed class `id` for a change, or ClassError 404; 409 when it is archived and the change is
 * not allowed on archived classes (everything but unarchiving: an archived class is read-only).
 */
export async function classForChange(viewer: ClassViewer, id: string, opts: { allowArchived?: boolean } = {}) {
  const room = await db.classroom.findFirst({
    where: { AND: [{ id }, classesManagedBy(viewer)] },
    select: { id: true, name: true, timeZone: true, archivedAt: true },
  });
  if (!room) throw classNotFound();
  if (room.archivedAt && !opts.allowArchived) {
    throw new ClassError(409, `"${room.name}" is archived and read-only; unarchive it first.`);
  }
  return room;
}

/** Retries an insert/update when the random join code collides with another class's (unique). */
async function withFreshJoinCode<T>(write: (code: string) => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await write(newJoinCode());
    } catch (err) {
      const collided = err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002';
      if (!collided || i >= 4) throw err;
    }
  }
}

/** A new class taught by the viewer (a teacher or an admin), with a fresh join code. */
export async function createClass(viewer: ClassViewer, input: { name: string; timeZone: string }): Promise<{ id: string; joinCode: string }> {
  if (viewer.role !== Role.TEACHER && viewer.role !== Role.ADMIN) throw new ClassError(403, 'Only teachers and admins create classes.');
  return withFreshJoinCode((joinCode) =>
    db.classroom.create({
      data: { name: input.name, timeZone: input.timeZone, joinCode, teachers: { create: { userId: viewer.id } } },
      select: { id: true, joinCode: true },
    }),
  );
}

/**
 * Changes a class's name, time zone, sign-up switch or archived state. On an archived class only
 * `archived: false` (with or without other fields) is accepted. Existing assignment instants are
 * kept when the time zone changes (they are shown in the new zone).
 */
export async function updateClass(
  viewer: ClassViewer,
  id: string,
  input: { name?: string; timeZone?: string; signUpOpen?: boolean; archived?: boolean },
): Promise<void> {
  await classForChange(viewer, id, { allowArchived: input.archived === false });
  const data: Prisma.ClassroomUpdateInput = {};
  if (input.name !== undefined) data.name = input.name;
  if (input.timeZone !== undefined) data.timeZone = input.timeZone;
  if (input.signUpOpen !== undefined) data.signUpOpen = input.signUpOpen;
  if (input.archived !== undefined) data.archivedAt = input.archived ? new Date() : null;
  await db.classroom.update({ where: { id }, data });
}

/** A new join code for the class; the old one stops working at once. Returns the new code. */
export async function rotateJoinCode(viewer: ClassViewer, id: string): Promise<string> {
  await classForChange(viewer, id);
  const row = await withFreshJoinCode((joinCode) => db.classroom.update({ where: { id }, data: { joinCode }, select: { joinCode: true } }));
  return row.joinCode;
}
