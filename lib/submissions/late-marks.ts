import { labWindowsFor } from '../classes/lab-windows';
import { isLateSubmission } from '../classes/late-rule';
import { db } from '../db';

/**
 * The ids of those submissions of one student that are late, derived from the assignments of the
 * student's classes for each lab (lib/classes/late-rule.ts: the most lenient class wins). A
 * regrade is as late as the attempt it re-runs (its own time is the teacher's, not the student's).
 */
export async function lateSubmissionIds(userId: string, rows: readonly { id: string }[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const [windows, found] = await Promise.all([
    labWindowsFor(userId),
    db.submission.findMany({
      where: { userId, id: { in: rows.map((r) => r.id) } },
      select: { id: true, labId: true, createdAt: true, regradeOf: { select: { createdAt: true } } },
    }),
  ]);
  const late = found.filter((s) => isLateSubmission(windows.get(s.labId) ?? [], s.regradeOf?.createdAt ?? s.createdAt));
  return new Set(late.map((s) => s.id));
}
