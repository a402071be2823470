import type { EngineClient } from '../engine/client';
import { GradeJobSchema } from '../../lib/queue/job';
import { heartbeatSeconds } from '../../lib/queue/recovery';
import { scrubHostPaths } from '../engine/engine-text';
import { gradeSubmission, InfrastructureError, type GradeReport } from '../grade';
import { stampLabVersion } from '../../lib/submissions/lab-version';
import { claimSubmission, failSubmission, heartbeat, progressRecorder, requeueSubmission, saveLayers, saveReport, type Claim } from './persist';

export interface JobContext {
  /** How many times this job was already retried, and the limit (pg-boss metadata). */
  retryCount: number;
  retryLimit: number;
  docker: () => Promise<EngineClient>;
  log: (msg: string) => void;
  signal?: AbortSignal;
  /** Who grades ("host:pid"), stored on the claim. */
  workerId?: string;
  /** The grade nonce for this attempt (the worker encodes its owner in it); default random. */
  gradeId?: () => string;
  /** After an infrastructure failure: is the engine still up? false = an outage, not this job's fault. */
  engineUp?: () => Promise<boolean>;
}

/**
 * graded · skipped (malformed, missing or already finished) · busy (another live worker grades it) ·
 * superseded (our claim was taken over; nothing written) · retry (infrastructure failure: retry the
 * job, counts against its retry budget) · outage (the engine is down: the submission waits QUEUED, the
 * job must be put back WITHOUT using its retry budget) · failed (FAILED after the last retry).
 */
export type JobOutcome = 'graded' | 'skipped' | 'busy' | 'superseded' | 'retry' | 'outage' | 'failed';

/**
 * A job whose outcome is known. `explorer` settles when the grade is over: the layer explorer saved
 * (or marked missing when reading it failed or the worker stopped), the grade's images removed and
 * the "graded" line logged. It never rejects. For every outcome but a scored grade it is already
 * settled.
 */
export interface StartedJob {
  outcome: JobOutcome;
  explorer: Promise<void>;
}

/**
 * One grading job: claim → grade (with a heartbeat) → save the score → save the layer explorer.
 * The score is saved as soon as the checks are scored (GradeInput.onScored; the claim ends there),
 * the explorer when the images are read (saveLayers). Never throws for an infrastructure failure:
 * the caller acts on the outcome (complete, retry or put back). The student is never charged for
 * our faults, and a score is stored at most once per submission. Resolves once everything is saved.
 */
export async function handleGradeJob(data: unknown, ctx: JobContext): Promise<JobOutcome> {
  const started = await startGradeJob(data, ctx);
  await started.explorer;
  return started.outcome;
}

/**
 * handleGradeJob that resolves as soon as the outcome is known: for a grade scored through onScored,
 * when the score is saved, while the explorer's images are still read (`explorer`; the worker takes
 * its next job meanwhile, so that read overlaps the next grade's builds). Refused and timed-out
 * grades, and failures, resolve at their end. The worker's stop (`ctx.signal`) still aborts the read.
 */
export async function startGradeJob(data: unknown, ctx: JobContext): Promise<StartedJob> {
  const done = (outcome: JobOutcome): StartedJob => ({ outcome, explorer: Promise.resolve() });
  const claimed = await claimJob(data, ctx);
  if (typeof claimed === 'string') return done(claimed);
  const { claim, gradeId } = claimed;
  // Issue 9 (regrade): the lab version this grade runs against, stored on the submission.
  await stampLabVersion(claim, ctx.log);
  const started = Date.now();
  const recorder = progressRecorder(claim);
  const watch = watchClaim(claim, ctx);
  let scoredAt: number | undefined;
  let scored: GradeReport | undefined;
  let onSaved = () => {};
  const saved = new Promise<void>((resolve) => (onSaved = resolve));
  const saveScore = async (report: GradeReport) => {
    // The claim ends with the score (GRADED): a heartbeat after it would read that as a lost claim.
    watch.stopHeartbeat();
    await recorder.flush();
    if (!(await saveReport(claim, report))) throw new ClaimTakenOver();
    scoredAt = Date.now();
    scored = report;
    onSaved();
  };
  const logGraded = (report: GradeReport, note = '') => {
    const timing = scoredAt !== undefined && report.layers ? ` (score saved after ${scoredAt - started} ms, layers ${Date.now() - scoredAt} ms later)` : note;
    ctx.log(`graded ${claim.submissionId} (${claim.labId}, attempt ${claim.attempt}): ${report.score}/${report.maxScore} in ${Date.now() - started} ms${timing}`);
  };
  const grading = ctx.docker().then((docker) =>
    gradeSubmission({ labId: claim.labId, files: claim.files, docker, onEvent: recorder.onEvent, signal: watch.signal, gradeId, onScored: saveScore }),
  );
  const first = await Promise.race([saved.then(() => 'scored' as const), grading.then(() => 'ended' as const, () => 'ended' as const)]);
  if (first === 'scored') {
    const explorer = grading
      .then(async (report) => {
        await saveLayers(claim, report.layers);
        logGraded(report);
      })
      .catch(async (err) => {
        // The score is stored; only the explorer is missing. The page stops waiting for it.
        const reason = err instanceof Error ? err.message : String(err);
        await saveLayers(claim, undefined).catch(() => false);
        logGraded(scored!, ` (score saved after ${scoredAt! - started} ms; layers not saved: ${reason})`);
      })
      .finally(() => watch.stop());
    return { outcome: 'graded', explorer };
  }
  try {
    const report = await grading;
    // A refused or timed-out grade has no explorer to wait for: it comes back without onScored.
    if (scoredAt === undefined) await saveScore(report);
    logGraded(report);
    return done('graded');
  } catch (err) {
    await recorder.flush();
    if (err instanceof ClaimTakenOver) {
      ctx.log(`grade of ${claim.submissionId} (attempt ${claim.attempt}) finished after its claim was taken over; result discarded`);
      return done('superseded');
    }
    if (watch.lost()) return done('superseded');
    return done(await settleFailure(err, claim, ctx));
  } finally {
    watch.stop();
  }
}

/** The score could not be saved: another worker holds the submission now (nothing was written). */
class ClaimTakenOver extends Error {}

/**
 * Parses the job and claims its submission for this attempt (with a fresh grade nonce from
 * `ctx.gradeId`). Returns the claim, or the outcome when there is nothing for this worker to grade:
 * `skipped` (malformed job, submission gone or already finished) or `busy` (another live worker).
 */
async function claimJob(data: unknown, ctx: JobContext): Promise<{ claim: Claim; gradeId?: string } | JobOutcome> {
  const parsed = GradeJobSchema.safeParse(data);
  if (!parsed.success) {
    ctx.log(`dropping malformed job: ${parsed.error.message}`);
    return 'skipped';
  }
  const { submissionId } = parsed.data;
  const gradeId = ctx.gradeId?.();
  const result = await claimSubmission(submissionId, { workerId: ctx.workerId ?? `${process.pid}`, gradeId });
  if (result.kind === 'finished' || result.kind === 'missing') {
    ctx.log(`submission ${submissionId} is ${result.kind === 'missing' ? 'gone' : 'already finished'}; nothing to do`);
    return 'skipped';
  }
  if (result.kind === 'busy') {
    ctx.log(`submission ${submissionId} is being graded by ${result.workerId ?? 'another worker'}; leaving it`);
    return 'busy';
  }
  return { claim: result.claim, gradeId };
}

/**
 * The grade's own abort signal, fired when the worker stops (`ctx.signal`) or when the heartbeat
 * (every heartbeatSeconds()) finds the claim taken over by another worker (then `lost()` is true).
 * A heartbeat that cannot reach the database is only logged: the claim may still be ours.
 * `stopHeartbeat()` ends the heartbeat (a beat in flight is ignored): call it once the claim is over
 * (the score saved). `stop()` also detaches from `ctx.signal`: call it when the grade has ended.
 */
function watchClaim(claim: Claim, ctx: JobContext): { signal: AbortSignal; lost: () => boolean; stopHeartbeat: () => void; stop: () => void } {
  const abort = new AbortController();
  const onOuterAbort = () => abort.abort();
  ctx.signal?.addEventListener('abort', onOuterAbort, { once: true });
  let lost = false;
  let stopped = false;
  const beat = setInterval(() => {
    heartbeat(claim)
      .then((held) => {
        // A beat still in flight when the grade ended (its score saved) must not call it lost.
        if (!held && !lost && !stopped) {
          lost = true;
          ctx.log(`lost the claim on ${claim.submissionId} (attempt ${claim.attempt}); stopping this grade`);
          abort.abort();
        }
      })
      .catch((e: Error) => ctx.log(`heartbeat failed (database unreachable?): ${e.message}`));
  }, heartbeatSeconds() * 1000);
  const stopHeartbeat = () => {
    stopped = true;
    clearInterval(beat);
  };
  return {
    signal: abort.signal,
    lost: () => lost,
    stopHeartbeat,
    stop: () => {
      stopHeartbeat();
      ctx.signal?.removeEventListener('abort', onOuterAbort);
    },
  };
}

/**
 * What a failed grade of a still-held claim becomes. An infrastructure failure (InfrastructureError,
 * an engine connection error, or a non-Error throw) during an engine outage puts the submission back
 * QUEUED without using a retry (`outage`); otherwise it is retried while retries remain (`retry`).
 * The rest, and the last retry, mark the submission FAILED, telling the student it did not count as
 * an attempt (`failed`). `superseded` when the claim was taken over before the write.
 */
async function settleFailure(err: unknown, claim: Claim, ctx: JobContext): Promise<JobOutcome> {
  const submissionId = claim.submissionId;
  const reason = err instanceof Error ? err.message : String(err);
  // The student reads the stored reason: no host paths (the worker's own log keeps them).
  const shown = scrubHostPaths(reason);
  const infrastructure = err instanceof InfrastructureError || !(err instanceof Error) || isEngineError(err);
  if (infrastructure && ctx.engineUp && !(await ctx.engineUp().catch(() => false))) {
    const held = await requeueSubmission(claim, `the sandbox engine is not available (${shown})`);
    ctx.log(`engine outage while grading ${submissionId}: ${reason}; it waits QUEUED (no retry used)`);
    return held ? 'outage' : 'superseded';
  }
  if (infrastructure && ctx.retryCount < ctx.retryLimit) {
    const held = await requeueSubmission(claim, `retrying after a grader problem (${shown})`);
    ctx.log(`infrastructure failure on ${submissionId} (retry ${ctx.retryCount + 1}/${ctx.retryLimit}): ${reason}`);
    return held ? 'retry' : 'superseded';
  }
  const held = await failSubmission(
    claim,
    infrastructure
      ? `The grader could not finish (${shown}). This did not count as an attempt; please submit again.`
      : `Internal grader error (${shown}). This did not count as an attempt.`,
  );
  ctx.log(`failed ${submissionId}: ${reason}`);
  return held ? 'failed' : 'superseded';
}

/** True for an error that means the engine could not be reached (socket gone, refused, reset). */
export function isEngineError(err: Error): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ECONNREFUSED' || code === 'ENOENT' || code === 'ECONNRESET' || code === 'EPIPE' || err.name === 'EngineUnavailableError';
}
