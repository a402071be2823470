import { getBoss } from './boss';
import type { GradePriority } from './job';
import { sendGradeJob } from './send';

export { getBoss, stopBoss } from './boss';
export * from './job';

/**
 * Enqueues a grading job for a stored submission; one live job per submission (singletonKey).
 * `priority`: 'submission' (default) for new work; 'regrade' for re-running finished work, which
 * shares the queue but is only taken when no new submission waits (lib/queue/claim.ts has the whole
 * order, including fairness across students). Returns the job id; throws when one is already queued.
 */
export async function enqueueGrade(submissionId: string, options: { priority?: GradePriority } = {}): Promise<string> {
  const boss = await getBoss('sender');
  const id = await sendGradeJob(boss, submissionId, { priority: options.priority ?? 'submission' });
  if (!id) throw new Error(`submission ${submissionId} is already queued`);
  return id;
}
