// Writes a grade's progress and results into PostgreSQL. Pure persistence: no Docker here.
//
// Exactly-once: claiming a submission increments its `attempt` under a row lock; every later write
// of that grade (progress rows, heartbeat, report, requeue, failure) is conditioned on
// `status = RUNNING AND attempt = <claimed attempt>`. A worker whose claim was taken over (it was
// presumed dead and the submission reaped and claimed again) therefore cannot write anything.
import { db, SubmissionStatus } from '../../lib/db';
import { staleAfterSeconds } from '../../lib/queue/recovery';
import type { GradeEvent, GradeReport } from '../grade';
import { OUTPUT_CAPS } from '../../lib/grading/limits';
import { toStoredReport } from '../../lib/grading/report';

/** Build logs are capped: a fork bomb or an output flood must not fill the database. */
export const BUILD_LOG_CAP = OUTPUT_CAPS.storedBuildLogChars;

export function capLog(log: string, cap = BUILD_LOG_CAP): string {
  if (log.length <= cap) return log;
  const half = Math.floor(cap / 2);
  return `${log.slice(0, half)}\n… [${log.length - cap} characters cut] …\n${log.slice(-half)}`;
}

/** One claimed grading attempt: the key every write of the grade is conditioned on. */
export interface Claim {
  submissionId: string;
  attempt: number;
  labId: string;
  files: Record<string, string>;
}

export type ClaimResult =
  | { kind: 'claimed'; claim: Claim }
  /** GRADED or FAILED already: a job delivered twice must not grade twice. */
  | { kind: 'finished' }
  /** RUNNING under another worker whose heartbeat is fresh: that worker finishes it. */
  | { kind: 'busy'; workerId: string | null }
  | { kind: 'missing' };

/**
 * Claims a submission for grading: QUEUED (or RUNNING with a stale heartbeat: a dead worker's) →
 * RUNNING with attempt+1, owner and heartbeat, and clears partial rows of an earlier attempt.
 */
export async function claimSubmission(id: string, opts: { workerId: string; gradeId?: string; staleAfterS?: number }): Promise<ClaimResult> {
  const staleS = opts.staleAfterS ?? staleAfterSeconds();
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ status: string; workerId: string | null; fresh: boolean }[]>`
      SELECT status::text AS status, "workerId",
             ("heartbeatAt" IS NOT NULL AND "heartbeatAt" > now() - make_interval(secs => ${staleS})) AS fresh
      FROM "Submission" WHERE id = ${id} FOR UPDATE`;
    if (rows.length === 0) return { kind: 'missing' } as const;
    const row = rows[0];
    if (row.status === 'GRADED' || row.status === 'FAILED') return { kind: 'finished' } as const;
    if (row.status === 'RUNNING' && row.fresh) return { kind: 'busy', workerId: row.workerId } as const;
    await tx.buildRecord.deleteMany({ where: { submissionId: id } });
    await tx.checkResult.deleteMany({ where: { submissionId: id } });
    const sub = await tx.submission.update({
      where: { id },
      data: {
        status: SubmissionStatus.RUNNING, startedAt: new Date(), progress: 'Starting', failureReason: null,
        attempt: { increment: 1 }, workerId: opts.workerId, gradeId: opts.gradeId ?? null, heartbeatAt: new Date(),
      },
    });
    return {
      kind: 'claimed',
      claim: { submissionId: id, attempt: sub.attempt, labId: sub.labId, files: sub.files as Record<string, string> },
    } as const;
  });
}

/** The claim's row filter: only the claiming attempt, only while it is RUNNING. */
const ours = (c: Claim) => ({ id: c.submissionId, attempt: c.attempt, status: SubmissionStatus.RUNNING });

/** Refreshes the heartbeat; false when the claim was lost (reaped, or finished elsewhere). */
export async function heartbeat(c: Claim): Promise<boolean> {
  const r = await db.submission.updateMany({ where: ours(c), data: { heartbeatAt: new Date() } });
  return r.count === 1;
}

/**
 * Runs `work` in a transaction only while the claim holds (row locked FOR SHARE, so it serialises
 * with saveReport's and the reaper's FOR UPDATE). Returns false (and writes nothing) otherwise.
 */
async function whileClaimed(c: Claim, work: (tx: Parameters<Parameters<typeof db.$transaction>[0]>[0]) => Promise<unknown>): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "Submission" WHERE id = ${c.submissionId} AND attempt = ${c.attempt} AND status = 'RUNNING' FOR SHARE`;
    if (rows.length === 0) return false;
    await work(tx);
    return true;
  });
}

/** Records live progress so the submission page can show steps as they finish. */
export function progressRecorder(c: Claim) {
  const submissionId = c.submissionId;
  const buildIds = new Map<string, string>();
  let position = 0;
  // Events arrive faster than the DB answers; apply them strictly in order.
  let chain: Promise<unknown> = Promise.resolve();
  const enqueue = (work: () => Promise<unknown>) => {
    chain = chain.then(work).catch((e) => console.error(`[worker] progress write failed: ${(e as Error).message}`));
  };
  const onEvent = (e: GradeEvent) => {
    switch (e.type) {
      case 'build-start':
        enqueue(() =>
          whileClaimed(c, async (tx) => {
            const rec = await tx.buildRecord.create({ data: { submissionId, name: e.build, position: position++ } });
            buildIds.set(e.build, rec.id);
            await tx.submission.update({ where: { id: submissionId }, data: { progress: `Building "${e.build}"` } });
          }),
        );
        break;
      case 'step':
        enqueue(() =>
          whileClaimed(c, async (tx) => {
            const buildId = buildIds.get(e.build);
            if (!buildId) return;
            await tx.buildStep.upsert({
              where: { buildId_n: { buildId, n: e.n } },
              create: { buildId, n: e.n, instruction: e.instruction, cached: e.cached },
              update: { instruction: e.instruction, cached: e.cached },
            });
            await tx.submission.update({ where: { id: submissionId }, data: { progress: `Building "${e.build}": step ${e.n}/${e.total}` } });
          }),
        );
        break;
      case 'build-end':
        enqueue(async () => {
          const buildId = buildIds.get(e.build);
          if (buildId) await whileClaimed(c, (tx) => tx.buildRecord.updateMany({ where: { id: buildId }, data: { ok: e.ok, durationMs: Math.round(e.durationMs) } }));
        });
        break;
      case 'check':
        enqueue(() => db.submission.updateMany({ where: ours(c), data: { progress: `Checking: ${e.id}` } }));
        break;
    }
  };
  return { onEvent, flush: () => chain };
}

/** The report without its log (stored capped, separately), as plain JSON (lib/grading/report.ts). */
function reportForStorage(report: GradeReport): object {
  return toStoredReport(report);
}

/**
 * Stores the final report in one transaction: the authoritative steps, checks and score.
 * Returns false (writing nothing) when the claim was lost: the score is stored exactly once.
 */
export async function saveReport(c: Claim, report: GradeReport): Promise<boolean> {
  const submissionId = c.submissionId;
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "Submission" WHERE id = ${submissionId} AND attempt = ${c.attempt} AND status = 'RUNNING' FOR UPDATE`;
    if (rows.length === 0) return false;
    await tx.buildRecord.deleteMany({ where: { submissionId } });
    await tx.checkResult.deleteMany({ where: { submissionId } });
    for (const [position, b] of report.builds.entries()) {
      await tx.buildRecord.create({
        data: {
          submissionId, position, name: b.name, ok: b.ok, durationMs: Math.round(b.durationMs),
          steps: { create: b.steps.map((s) => ({ n: s.n, instruction: s.instruction, cached: s.cached })) },
        },
      });
    }
    await tx.checkResult.createMany({
      data: report.checks.map((ch, position) => ({
        submissionId, position, checkId: ch.id, title: ch.title, passed: ch.passed,
        points: ch.points, maxPoints: ch.maxPoints, feedback: ch.feedback,
      })),
    });
    await tx.submission.update({
      where: { id: submissionId },
      data: {
        status: SubmissionStatus.GRADED, score: report.score, maxScore: report.maxScore,
        buildLog: capLog(report.log), progress: null, finishedAt: new Date(), heartbeatAt: null,
        report: reportForStorage(report),
      },
    });
    return true;
  });
}

/**
 * Puts the layer explorer into the report saved by `saveReport` when the score came first
 * (GradeInput.onScored: that report has `layersPending`). Only this attempt's graded report is
 * changed (a regrade since then wins); `layers` undefined (the images could not be read) just clears
 * the pending flag. Returns whether a report was updated.
 */
export async function saveLayers(c: Pick<Claim, 'submissionId' | 'attempt'>, layers: GradeReport['layers']): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const row = await tx.submission.findFirst({ where: { id: c.submissionId, attempt: c.attempt, status: SubmissionStatus.GRADED }, select: { report: true } });
    const stored = row?.report as Record<string, unknown> | null | undefined;
    if (!stored || stored.layersPending !== true) return false;
    const { layersPending: _pending, ...rest } = stored;
    const report = layers ? { ...rest, layers: JSON.parse(JSON.stringify(layers)) as unknown } : rest;
    const r = await tx.submission.updateMany({ where: { id: c.submissionId, attempt: c.attempt, status: SubmissionStatus.GRADED }, data: { report: report as object } });
    return r.count === 1;
  });
}

/**
 * Scores whose grade died while its layer explorer was read (`kill -9` of the worker after the
 * score): their `layersPending` flag is dropped, so the page says the explorer is missing instead of
 * "a few seconds" until the page's own cut-off. `isDead(gradeId)` decides (sweep.ts ownerIsDead:
 * a worker of this host whose pid is gone). Returns the submission ids released.
 */
export async function releaseLayersOfDeadGrades(isDead: (gradeId: string) => boolean): Promise<string[]> {
  const pending = await db.submission.findMany({
    where: { status: SubmissionStatus.GRADED, gradeId: { not: null }, report: { path: ['layersPending'], equals: true } },
    select: { id: true, attempt: true, gradeId: true },
  });
  const released: string[] = [];
  for (const s of pending.filter((p) => isDead(p.gradeId!))) {
    if (await saveLayers({ submissionId: s.id, attempt: s.attempt }, undefined)) released.push(s.id);
  }
  return released;
}

/** The status line of a submission that waits for the grader (shown on its page). */
export const waitingMessage = (reason: string) =>
  `Waiting for the grader: ${reason}. It will be graded automatically; this does not count as an attempt.`;

/** Back to the queue after an infrastructure problem: no attempt is charged. */
export async function requeueSubmission(c: Claim, reason: string): Promise<boolean> {
  const r = await db.$transaction(async (tx) => {
    await tx.$executeRaw`DELETE FROM "BuildRecord" WHERE "submissionId" = ${c.submissionId}
      AND EXISTS (SELECT 1 FROM "Submission" WHERE id = ${c.submissionId} AND attempt = ${c.attempt} AND status = 'RUNNING')`;
    return tx.submission.updateMany({
      where: ours(c),
      data: { status: SubmissionStatus.QUEUED, progress: waitingMessage(reason), startedAt: null, heartbeatAt: null },
    });
  });
  return r.count === 1;
}

/** Gives up after the retries: FAILED with the reason; FAILED never counts as an attempt. */
export async function failSubmission(c: Claim, reason: string): Promise<boolean> {
  const r = await db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "Submission" WHERE id = ${c.submissionId} AND attempt = ${c.attempt} AND status = 'RUNNING' FOR UPDATE`;
    if (rows.length === 0) return { count: 0 };
    await tx.buildRecord.deleteMany({ where: { submissionId: c.submissionId } });
    return tx.submission.updateMany({
      where: ours(c),
      data: { status: SubmissionStatus.FAILED, failureReason: reason, progress: null, finishedAt: new Date(), heartbeatAt: null },
    });
  });
  return r.count === 1;
}

/** Marks QUEUED submissions as waiting for the engine (status line only; they stay QUEUED). */
export async function markQueuedWaiting(reason: string): Promise<number> {
  const r = await db.submission.updateMany({
    where: { status: SubmissionStatus.QUEUED, OR: [{ progress: null }, { progress: { startsWith: 'Waiting for the grader' } }] },
    data: { progress: waitingMessage(reason) },
  });
  return r.count;
}

/** Clears the waiting line written by markQueuedWaiting once the engine is back. */
export async function clearQueuedWaiting(): Promise<number> {
  const r = await db.submission.updateMany({
    where: { status: SubmissionStatus.QUEUED, progress: { startsWith: 'Waiting for the grader: the sandbox engine' } },
    data: { progress: null },
  });
  return r.count;
}
