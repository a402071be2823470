import { Role } from '../generated/prisma/enums';
import type { Prisma } from '../generated/prisma/client';

export type Viewer = { id: string; role: Role };

/**
 * Which submissions a viewer may see, as a Prisma filter (ownership goes into the query):
 * a student only their own; a teacher their own and those of students in a classroom they teach;
 * an admin all of them.
 */
export function submissionScope(viewer: Viewer): Prisma.SubmissionWhereInput {
  switch (viewer.role) {
    case Role.ADMIN:
      return {};
    case Role.TEACHER:
      return {
        OR: [
          { userId: viewer.id },
          { user: { memberships: { some: { classroom: { teachers: { some: { userId: viewer.id } } } } } } },
        ],
      };
    case Role.STUDENT:
      return { userId: viewer.id };
    default:
      // Unknown role: nothing. Never widen access by accident.
      return { id: { in: [] } };
  }
}
