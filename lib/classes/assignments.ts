import { db, type LatePolicy } from '../db';
import { Prisma } from '../generated/prisma/client';
import { findLab } from '../submissions/labs';
import { classForChange } from './classes';
import { ClassError } from './errors';
import type { ClassViewer } from './teaching';
import { wallClockToInstant, WallClockError } from './time-zone';

/**
 * Labs assigned to a class. Dates arrive as wall-clock text in the class's time zone
 * ("2026-12-01T23:59", or null for none) and are stored as UTC instants.
 */
export type AssignmentInput = { opensAt: string | null; dueAt: string | null; latePolicy: LatePolicy };

function instants(input: AssignmentInput, timeZone: string): { opensAt: Date | null; dueAt: Date | null } {
  const read = (field: 'opensAt' | 'dueAt') => {
    const v = input[field];
    if (!v) return null;
    try {
      return wallClockToInstant(v, timeZone);
    } catch (err) {
      if (err instanceof WallClockError) throw new ClassError(400, `${field}: ${err.message}`, field);
      throw err;
    }
  };
  const opensAt = read('opensAt');
  const dueAt = read('dueAt');
  if (opensAt && dueAt && dueAt.getTime() <= opensAt.getTime()) {
    throw new ClassError(400, 'dueAt: the due date must come after the open date.', 'dueAt');
  }
  return { opensAt, dueAt };
}

/** Assigns a lab to a class. 400 unknown lab or bad date, 409 when the class already has it. */
export async function createAssignment(viewer: ClassViewer, classId: string, input: AssignmentInput & { labId: string }): Promise<{ id: string }> {
  const room = await classForChange(viewer, classId);
  const lab = await findLab(input.labId).catch(() => null);
  if (!lab) throw new ClassError(400, `labId: there is no lab "${input.labId}".`, 'labId');
  const dates = instants(input, room.timeZone);
  try {
    return await db.assignment.create({
      data: { classroomId: room.id, labId: lab.id, ...dates, latePolicy: input.latePolicy, createdById: viewer.id },
      select: { id: true },
    });
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
      throw new ClassError(409, `"${lab.title}" is already assigned to this class; edit that assignment instead.`, 'labId');
    }
    throw err;
  }
}

/** Changes an assignment's dates and late policy (the lab stays). 404 when it is not in this class. */
export async function updateAssignment(viewer: ClassViewer, classId: string, assignmentId: string, input: AssignmentInput): Promise<void> {
  const room = await classForChange(viewer, classId);
  const dates = instants(input, room.timeZone);
  const { count } = await db.assignment.updateMany({
    where: { id: assignmentId, classroomId: room.id },
    data: { ...dates, latePolicy: input.latePolicy },
  });
  if (count === 0) throw new ClassError(404, 'There is no such assignment in this class.');
}

/** Deletes an assignment (submissions stay: they belong to the student and the lab). */
export async function deleteAssignment(viewer: ClassViewer, classId: string, assignmentId: string): Promise<void> {
  const room = await classForChange(viewer, classId);
  const { count } = await db.assignment.deleteMany({ where: { id: assignmentId, classroomId: room.id } });
  if (count === 0) throw new ClassError(404, 'There is no such assignment in this class.');
}
