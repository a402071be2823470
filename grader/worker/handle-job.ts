import type Docker from 'dockerode';
import { GradeJobSchema } from '../../lib/queue/job';
import { gradeSubmission, InfrastructureError } from '../grade';
import { claimSubmission, failSubmission, progressRecorder, requeueSubmission, saveReport } from './persist';

export interface JobContext {
  /** How many times this job was already retried, and the limit (pg-boss metadata). */
  retryCount: number;
  retryLimit: number;
  docker: () => Promise<Docker>;
  log: (msg: string) => void;
  signal?: AbortSignal;
}

export type JobOutcome = 'graded' | 'skipped' | 'requeued' | 'failed';

/**
 * One grading job: claim → grade → save. Throws after requeueing on an infrastructure
 * failure so the queue retries it; the student is never charged for our faults.
 */
export async function handleGradeJob(data: unknown, ctx: JobContext): Promise<JobOutcome> {
  const parsed = GradeJobSchema.safeParse(data);
  if (!parsed.success) {
    ctx.log(`dropping malformed job: ${parsed.error.message}`);
    return 'skipped';
  }
  const { submissionId } = parsed.data;
  const claimed = await claimSubmission(submissionId);
  if (!claimed) {
    ctx.log(`submission ${submissionId} is already finished; nothing to do`);
    return 'skipped';
  }
  const started = Date.now();
  const recorder = progressRecorder(submissionId);
  try {
    const docker = await ctx.docker();
    const report = await gradeSubmission({
      labId: claimed.labId,
      files: claimed.files,
      docker,
      onEvent: recorder.onEvent,
      signal: ctx.signal,
    });
    await recorder.flush();
    await saveReport(submissionId, report);
    ctx.log(`graded ${submissionId} (${claimed.labId}): ${report.score}/${report.maxScore} in ${Date.now() - started} ms`);
    return 'graded';
  } catch (err) {
    await recorder.flush();
    const reason = err instanceof Error ? err.message : String(err);
    const infrastructure = err instanceof InfrastructureError || !(err instanceof Error) || isEngineError(err);
    if (infrastructure && ctx.retryCount < ctx.retryLimit) {
      await requeueSubmission(submissionId, reason);
      ctx.log(`infrastructure failure on ${submissionId} (retry ${ctx.retryCount + 1}/${ctx.retryLimit}): ${reason}`);
      throw err;
    }
    await failSubmission(
      submissionId,
      infrastructure
        ? `The grader could not finish (${reason}). This did not count as an attempt; please submit again.`
        : `Internal grader error (${reason}). This did not count as an attempt.`,
    );
    ctx.log(`failed ${submissionId}: ${reason}`);
    return 'failed';
  }
}

function isEngineError(err: Error): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ECONNREFUSED' || code === 'ENOENT' || code === 'ECONNRESET' || err.name === 'EngineUnavailableError';
}
