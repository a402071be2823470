import { getBoss } from './boss';
import { GRADE_QUEUE, GradeJobSchema } from './job';

export { getBoss, stopBoss } from './boss';
export * from './job';

/** Why a grade is queued: a student's new submission, or a teacher's regrade (waits behind them). */
export type GradePriority = 'submission' | 'regrade';

/** pg-boss `priority` per kind of grade: higher is fetched sooner. */
export const GRADE_PRIORITY: Record<GradePriority, number> = { submission: 10, regrade: 0 };

/**
 * Enqueues a grading job; one job per submission (singletonKey). Returns the job id.
 * `priority` 'regrade' puts it behind every waiting new submission (default 'submission').
 */
export async function enqueueGrade(submissionId: string, opts: { priority?: GradePriority } = {}): Promise<string> {
  const boss = await getBoss('sender');
  const data = GradeJobSchema.parse({ submissionId });
  const id = await boss.send(GRADE_QUEUE, data, { singletonKey: submissionId, priority: GRADE_PRIORITY[opts.priority ?? 'submission'] });
  if (!id) throw new Error(`submission ${submissionId} is already queued`);
  return id;
}
