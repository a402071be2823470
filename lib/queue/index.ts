import { getBoss } from './boss';
import { GRADE_QUEUE, GradeJobSchema } from './job';

export { getBoss, stopBoss } from './boss';
export * from './job';

/** Enqueues a grading job; one job per submission (singletonKey). Returns the job id. */
export async function enqueueGrade(submissionId: string): Promise<string> {
  const boss = await getBoss('sender');
  const data = GradeJobSchema.parse({ submissionId });
  const id = await boss.send(GRADE_QUEUE, data, { singletonKey: submissionId });
  if (!id) throw new Error(`submission ${submissionId} is already queued`);
  return id;
}
