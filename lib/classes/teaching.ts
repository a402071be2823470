import { db, Role } from '../db';
import type { Prisma } from '../generated/prisma/client';

/** Who is asking: the signed-in user's id and role (lib/auth/session SessionUser fits). */
export type ClassViewer = { id: string; role: Role };

/**
 * The classes a viewer may manage, as a Prisma filter (ownership goes into the query):
 * an admin every class, a teacher the classes they teach, anyone else none.
 */
export function classesManagedBy(viewer: ClassViewer): Prisma.ClassroomWhereInput {
  if (viewer.role === Role.ADMIN) return {};
  if (viewer.role === Role.TEACHER) return { teachers: { some: { userId: viewer.id } } };
  return { id: { in: [] } };
}

/** True when the viewer may manage this class (see classesManagedBy). Unknown ids → false. */
export async function canManageClass(viewer: ClassViewer, classroomId: string): Promise<boolean> {
  const found = await db.classroom.findFirst({
    where: { AND: [{ id: classroomId }, classesManagedBy(viewer)] },
    select: { id: true },
  });
  return found !== null;
}
