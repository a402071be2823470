import { db } from '../db';
import { submissionScope, type Viewer } from './scope';

const detailInclude = {
  user: { select: { id: true, name: true, email: true } },
  checks: { orderBy: { position: 'asc' } },
  builds: { orderBy: { position: 'asc' }, include: { steps: { orderBy: { n: 'asc' } } } },
} as const;

/**
 * One submission with its checks and builds, or null when the viewer may not see it
 * (callers answer 404 either way, so existence does not leak).
 */
export async function getSubmissionForViewer(id: string, viewer: Viewer) {
  if (typeof id !== 'string' || id.length === 0 || id.length > 100) return null;
  return db.submission.findFirst({
    where: { AND: [{ id }, submissionScope(viewer)] },
    include: detailInclude,
  });
}

export type SubmissionDetail = NonNullable<Awaited<ReturnType<typeof getSubmissionForViewer>>>;
