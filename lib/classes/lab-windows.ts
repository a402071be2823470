import { db } from '../db';
import type { AssignmentWindow } from './late-rule';

/**
 * The assignments that govern a student's submissions (lib/classes/late-rule.ts): those of the
 * classes the student belongs to, archived classes excepted (an archived class is over; its labs
 * become free practice again).
 */
export async function labWindowsFor(userId: string, labId?: string): Promise<Map<string, AssignmentWindow[]>> {
  const rows = await db.assignment.findMany({
    where: {
      ...(labId ? { labId } : {}),
      classroom: { archivedAt: null, members: { some: { userId } } },
    },
    select: { labId: true, opensAt: true, dueAt: true, latePolicy: true, classroom: { select: { timeZone: true } } },
  });
  const out = new Map<string, AssignmentWindow[]>();
  for (const r of rows) {
    const list = out.get(r.labId) ?? [];
    list.push({ opensAt: r.opensAt, dueAt: r.dueAt, latePolicy: r.latePolicy, timeZone: r.classroom.timeZone });
    out.set(r.labId, list);
  }
  return out;
}
