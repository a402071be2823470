import type PgBoss from 'pg-boss';
import { GRADE_PRIORITY, GRADE_QUEUE, GradeJobSchema, type GradePriority } from './job';
import { GRADE_WAKE_CHANNEL } from './wakeup';

export interface SendGradeOptions {
  /** Default 'submission'; 'regrade' waits behind every new submission (GRADE_PRIORITY). */
  priority?: GradePriority | number;
  /** Not before this many seconds from now (pg-boss startAfter); such a job is found by the workers' poll. */
  startAfterSeconds?: number;
}

/**
 * Sends one grading job (singletonKey = the submission: one live job per submission) and wakes the
 * idle workers with NOTIFY (lib/queue/wakeup.ts), so a job is taken in milliseconds rather than at
 * the next poll. Returns the job id, or null when the submission already has a live job.
 */
export async function sendGradeJob(boss: PgBoss, submissionId: string, o: SendGradeOptions = {}): Promise<string | null> {
  const data = GradeJobSchema.parse({ submissionId });
  const priority = typeof o.priority === 'number' ? o.priority : GRADE_PRIORITY[o.priority ?? 'submission'];
  const id = await boss.send(GRADE_QUEUE, data, { singletonKey: submissionId, priority, startAfter: o.startAfterSeconds ?? 0 });
  // Best effort: a lost NOTIFY only means the poll finds the job (at most one poll interval later).
  if (id && !o.startAfterSeconds) await boss.getDb().executeSql(`SELECT pg_notify('${GRADE_WAKE_CHANNEL}', '')`, []).catch(() => {});
  return id;
}
