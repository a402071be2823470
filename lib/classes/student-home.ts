import { db } from '../db';
import { labTitles } from '../submissions/labs';
import { assignmentStatus, type AssignmentStatus } from './late-rule';
import { formatInZone } from './time-zone';

export type MyAssignment = {
  id: string;
  classId: string;
  className: string;
  timeZone: string;
  labId: string;
  labTitle: string;
  /** "2026-12-01 23:59 (Asia/Seoul)" or null. */
  opensAtText: string | null;
  dueAtText: string | null;
  dueAt: Date | null;
  latePolicy: 'ACCEPT_LATE' | 'REFUSE_LATE';
  status: AssignmentStatus;
};

/**
 * A student's assignments across their classes (archived classes excepted) with their status at
 * `now`, soonest due first (no due date last). Only the student's own submissions are read.
 */
export async function myAssignments(userId: string, now = new Date()): Promise<{ classes: { id: string; name: string }[]; assignments: MyAssignment[] }> {
  const memberships = await db.classMembership.findMany({
    where: { userId, classroom: { archivedAt: null } },
    orderBy: { classroom: { name: 'asc' } },
    select: {
      classroom: {
        select: {
          id: true,
          name: true,
          timeZone: true,
          assignments: { select: { id: true, labId: true, opensAt: true, dueAt: true, latePolicy: true } },
        },
      },
    },
  });
  const labIds = [...new Set(memberships.flatMap((m) => m.classroom.assignments.map((a) => a.labId)))];
  const [attempts, titles] = await Promise.all([
    labIds.length === 0
      ? []
      : db.submission.findMany({
          where: { userId, labId: { in: labIds }, kind: 'ATTEMPT' },
          select: { labId: true, status: true, score: true, maxScore: true, createdAt: true },
        }),
    labTitles().catch(() => new Map<string, string>()),
  ]);
  const assignments: MyAssignment[] = memberships.flatMap(({ classroom: c }) =>
    c.assignments.map((a) => ({
      id: a.id,
      classId: c.id,
      className: c.name,
      timeZone: c.timeZone,
      labId: a.labId,
      labTitle: titles.get(a.labId) ?? a.labId,
      opensAtText: a.opensAt ? formatInZone(a.opensAt, c.timeZone) : null,
      dueAtText: a.dueAt ? formatInZone(a.dueAt, c.timeZone) : null,
      dueAt: a.dueAt,
      latePolicy: a.latePolicy,
      status: assignmentStatus(a, attempts.filter((s) => s.labId === a.labId), now),
    })),
  );
  assignments.sort((x, y) => (x.dueAt?.getTime() ?? Infinity) - (y.dueAt?.getTime() ?? Infinity) || x.className.localeCompare(y.className));
  return { classes: memberships.map((m) => ({ id: m.classroom.id, name: m.classroom.name })), assignments };
}
