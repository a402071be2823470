import { z } from 'zod';

/** The queue that carries grading jobs from the web app to grader workers. */
export const GRADE_QUEUE = 'grade';

/** Parsed at both ends: the web app sends it, the worker validates before trusting it. */
export const GradeJobSchema = z.object({ submissionId: z.string().min(1).max(64) });
export type GradeJob = z.infer<typeof GradeJobSchema>;

/**
 * Why a submission is graded: a new `submission` (the student waits for it) or a `regrade` (a teacher
 * or an admin re-runs finished work). Regrades share the queue at a lower pg-boss priority, so they
 * only take a worker when no new submission waits (lib/queue/claim.ts).
 */
export type GradePriority = 'submission' | 'regrade';
/** pg-boss priorities (higher first). 0 is pg-boss's default, so jobs sent without one are submissions. */
export const GRADE_PRIORITY: Record<GradePriority, number> = { submission: 0, regrade: -10 };

/** Infrastructure failures are retried this many times before a submission is marked FAILED. */
export const GRADE_RETRY_LIMIT = 5;
/** A job not finished in this time is considered abandoned (dead worker) and handed out again. */
export const GRADE_EXPIRE_SECONDS = 15 * 60;
