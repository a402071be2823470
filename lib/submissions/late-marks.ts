import { labWindowsFor } from '../classes/lab-windows';
import { isLateSubmission } from '../classes/late-rule';

/**
 * The ids of those submissions of one student that are late, derived from the assignments of the
 * student's classes for each lab (lib/classes/late-rule.ts: the most lenient class wins).
 */
export async function lateSubmissionIds(
  userId: string,
  rows: readonly { id: string; labId: string; createdAt: Date }[],
): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const windows = await labWindowsFor(userId);
  return new Set(rows.filter((r) => isLateSubmission(windows.get(r.labId) ?? [], r.createdAt)).map((r) => r.id));
}
