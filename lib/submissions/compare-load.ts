import { db } from '../db';
import { compareSubmissions, sideOf, type Comparison } from './compare';
import { getSubmissionForViewer, type SubmissionDetail } from './get';
import { parseStoredReport } from './report';
import { submissionScope, type Viewer } from './scope';

export type LoadedComparison =
  /** Either id is not one the viewer may see (or does not exist): the page answers 404 for both. */
  | { kind: 'not-found' }
  /** Both visible, but of two labs: nothing to align. */
  | { kind: 'different-labs'; a: SubmissionDetail; b: SubmissionDetail }
  | { kind: 'ok'; a: SubmissionDetail; b: SubmissionDetail; comparison: Comparison };

/**
 * Loads submissions `aId` and `bId` with the viewer's scope (lib/submissions/get.ts: a student their
 * own, a teacher their classes' students, an admin all) and compares them: A is the earlier of the
 * two (by `createdAt`), B the later, in either order of the ids.
 * Both ids go through the same scoped query, so an id the viewer may not see reads as not found.
 */
export async function loadComparison(aId: string, bId: string, viewer: Viewer): Promise<LoadedComparison> {
  const [first, second] = await Promise.all([getSubmissionForViewer(aId, viewer), getSubmissionForViewer(bId, viewer)]);
  if (!first || !second) return { kind: 'not-found' };
  // A is always the earlier submission, whatever order the ids came in: deltas read "later − earlier".
  const [a, b] = first.createdAt <= second.createdAt ? [first, second] : [second, first];
  if (a.labId !== b.labId) return { kind: 'different-labs', a, b };
  const side = (s: SubmissionDetail) => sideOf(s.status === 'GRADED' ? parseStoredReport(s.report) : null, s);
  return { kind: 'ok', a, b, comparison: compareSubmissions(side(a), side(b)) };
}

/**
 * What `submission` can be compared with: the same person's other submissions of the same lab that the
 * viewer may see, newest first (at most `take`). Dates are Date objects; `score` is null until graded.
 */
export async function comparisonCandidates(submission: { id: string; userId: string; labId: string }, viewer: Viewer, take = 50) {
  return db.submission.findMany({
    where: { AND: [{ userId: submission.userId, labId: submission.labId, id: { not: submission.id } }, submissionScope(viewer)] },
    orderBy: { createdAt: 'desc' },
    select: { id: true, createdAt: true, status: true, score: true, maxScore: true, kind: true },
    take,
  });
}

export type ComparisonCandidate = Awaited<ReturnType<typeof comparisonCandidates>>[number];
