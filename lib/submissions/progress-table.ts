import { db, Role } from '../db';
import { EMPTY_PROGRESS, progressByUserAndLab, type LabProgress } from './aggregate';
import { labTitles } from './labs';
import type { Viewer } from './scope';
import { classesManagedBy } from '../classes/teaching';

export type ProgressTable = {
  labs: { id: string; title: string }[];
  classrooms: {
    id: string;
    name: string;
    students: { id: string; name: string; email: string; cells: Record<string, LabProgress> }[];
  }[];
};

/**
 * Students × labs for a teacher (the classrooms they teach) or an admin (every classroom):
 * best score, attempts (GRADED only), latest status and the submission to link to.
 * Anyone else gets an empty table.
 */
export async function getProgressTable(viewer: Viewer): Promise<ProgressTable> {
  const titles = await labTitles();
  const labs = [...titles].map(([id, title]) => ({ id, title }));
  if (viewer.role !== Role.TEACHER && viewer.role !== Role.ADMIN) return { labs, classrooms: [] };

  const classrooms = await db.classroom.findMany({
    where: { AND: [classesManagedBy(viewer), { archivedAt: null }] },
    orderBy: { name: 'asc' },
    select: {
      id: true,
      name: true,
      members: {
        where: { user: { role: Role.STUDENT } },
        orderBy: [{ user: { name: 'asc' } }, { user: { email: 'asc' } }],
        select: { user: { select: { id: true, name: true, email: true } } },
      },
    },
  });
  const studentIds = [...new Set(classrooms.flatMap((c) => c.members.map((m) => m.user.id)))];
  const rows =
    studentIds.length === 0
      ? []
      : await db.submission.findMany({
          where: { userId: { in: studentIds }, kind: 'ATTEMPT' }, // regrades are not attempts
          select: { id: true, userId: true, labId: true, status: true, score: true, maxScore: true, createdAt: true },
        });
  const progress = progressByUserAndLab(rows);

  return {
    labs,
    classrooms: classrooms.map((c) => ({
      id: c.id,
      name: c.name,
      students: c.members.map(({ user: s }) => {
        const mine = progress.get(s.id);
        const cells: Record<string, LabProgress> = {};
        for (const lab of labs) cells[lab.id] = mine?.get(lab.id) ?? { ...EMPTY_PROGRESS };
        return { ...s, cells };
      }),
    })),
  };
}
