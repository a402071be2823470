import { db, Role } from '../db';
import { ClassError } from './errors';
import { classForChange } from './classes';
import type { ClassViewer } from './teaching';

/** Who belongs to a class: co-teachers (added by e-mail, at least one kept) and students (removable). */

/** Adds the TEACHER with this e-mail as a co-teacher. 404 no such account, 400 not a teacher; twice is fine. */
export async function addCoTeacher(viewer: ClassViewer, classId: string, email: string): Promise<{ userId: string; name: string }> {
  await classForChange(viewer, classId);
  const user = await db.user.findUnique({ where: { email }, select: { id: true, name: true, role: true, disabledAt: true } });
  if (!user || user.disabledAt) throw new ClassError(404, `No active account has the e-mail ${email}.`, 'email');
  if (user.role !== Role.TEACHER) throw new ClassError(400, `${email} is not a teacher account; only teachers can teach a class.`, 'email');
  await db.classTeacher.upsert({
    where: { classroomId_userId: { classroomId: classId, userId: user.id } },
    update: {},
    create: { classroomId: classId, userId: user.id },
  });
  return { userId: user.id, name: user.name };
}

/**
 * Removes a teacher from a class. A class keeps at least one teacher: removing the last is 409.
 * The class row is locked so two removals at once cannot leave it without any.
 */
export async function removeCoTeacher(viewer: ClassViewer, classId: string, userId: string): Promise<void> {
  await classForChange(viewer, classId);
  await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Classroom" WHERE id = ${classId} FOR UPDATE`;
    const teachers = await tx.classTeacher.findMany({ where: { classroomId: classId }, select: { userId: true } });
    if (!teachers.some((t) => t.userId === userId)) throw new ClassError(404, 'That person does not teach this class.');
    if (teachers.length <= 1) throw new ClassError(409, 'A class keeps at least one teacher; add another teacher first.');
    await tx.classTeacher.delete({ where: { classroomId_userId: { classroomId: classId, userId } } });
  });
}

/** Removes a student from the class (their submissions stay). 404 when they are not in it. */
export async function removeStudent(viewer: ClassViewer, classId: string, userId: string): Promise<void> {
  await classForChange(viewer, classId);
  const { count } = await db.classMembership.deleteMany({ where: { classroomId: classId, userId } });
  if (count === 0) throw new ClassError(404, 'That student is not in this class.');
}
