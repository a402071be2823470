// Writes a grade's progress and results into PostgreSQL. Pure persistence: no Docker here.
import { db, SubmissionStatus } from '../../lib/db';
import type { GradeEvent, GradeReport } from '../grade';

/** Build logs are capped: a fork bomb or an output flood must not fill the database. */
export const BUILD_LOG_CAP = 64 * 1024;

export function capLog(log: string, cap = BUILD_LOG_CAP): string {
  if (log.length <= cap) return log;
  const half = Math.floor(cap / 2);
  return `${log.slice(0, half)}\n… [${log.length - cap} characters cut] …\n${log.slice(-half)}`;
}

/**
 * Claims a submission for grading: QUEUED (or RUNNING left by a dead worker) → RUNNING, and
 * clears any partial rows of an earlier attempt. Returns false when it is already finished
 * (a job delivered twice must not grade twice).
 */
export async function claimSubmission(id: string): Promise<{ labId: string; files: Record<string, string> } | null> {
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "Submission" WHERE id = ${id} AND status IN ('QUEUED', 'RUNNING') FOR UPDATE`;
    if (rows.length === 0) return null;
    await tx.buildRecord.deleteMany({ where: { submissionId: id } });
    await tx.checkResult.deleteMany({ where: { submissionId: id } });
    const sub = await tx.submission.update({
      where: { id },
      data: { status: SubmissionStatus.RUNNING, startedAt: new Date(), progress: 'Starting', failureReason: null },
    });
    return { labId: sub.labId, files: sub.files as Record<string, string> };
  });
}

/** Records live progress so the submission page can show steps as they finish. */
export function progressRecorder(submissionId: string) {
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
        enqueue(async () => {
          const rec = await db.buildRecord.create({ data: { submissionId, name: e.build, position: position++ } });
          buildIds.set(e.build, rec.id);
          await db.submission.update({ where: { id: submissionId }, data: { progress: `Building "${e.build}"` } });
        });
        break;
      case 'step':
        enqueue(async () => {
          const buildId = buildIds.get(e.build);
          if (!buildId) return;
          await db.buildStep.upsert({
            where: { buildId_n: { buildId, n: e.n } },
            create: { buildId, n: e.n, instruction: e.instruction, cached: e.cached },
            update: { instruction: e.instruction, cached: e.cached },
          });
          await db.submission.update({
            where: { id: submissionId },
            data: { progress: `Building "${e.build}": step ${e.n}/${e.total}` },
          });
        });
        break;
      case 'build-end':
        enqueue(async () => {
          const buildId = buildIds.get(e.build);
          if (buildId) await db.buildRecord.update({ where: { id: buildId }, data: { ok: e.ok, durationMs: Math.round(e.durationMs) } });
        });
        break;
      case 'check':
        enqueue(() => db.submission.update({ where: { id: submissionId }, data: { progress: `Checking: ${e.id}` } }));
        break;
    }
  };
  return { onEvent, flush: () => chain };
}

/** The report without its log (stored capped, separately), as plain JSON. */
function reportForStorage(report: GradeReport): object {
  const { log: _log, ...rest } = report;
  return JSON.parse(JSON.stringify(rest));
}

/** Stores the final report in one transaction: the authoritative steps, checks and score. */
export async function saveReport(submissionId: string, report: GradeReport): Promise<void> {
  await db.$transaction(async (tx) => {
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
      data: report.checks.map((c, position) => ({
        submissionId, position, checkId: c.id, title: c.title, passed: c.passed,
        points: c.points, maxPoints: c.maxPoints, feedback: c.feedback,
      })),
    });
    await tx.submission.update({
      where: { id: submissionId },
      data: {
        status: SubmissionStatus.GRADED, score: report.score, maxScore: report.maxScore,
        buildLog: capLog(report.log), progress: null, finishedAt: new Date(),
        report: reportForStorage(report),
      },
    });
  });
}

/** Back to the queue after an infrastructure problem: no attempt is charged. */
export async function requeueSubmission(submissionId: string, reason: string): Promise<void> {
  await db.submission.updateMany({
    where: { id: submissionId, status: { in: [SubmissionStatus.RUNNING, SubmissionStatus.QUEUED] } },
    data: { status: SubmissionStatus.QUEUED, progress: `Waiting for the grader: ${reason}`, startedAt: null },
  });
}

/** Gives up after the retries: FAILED with the reason; FAILED never counts as an attempt. */
export async function failSubmission(submissionId: string, reason: string): Promise<void> {
  await db.$transaction([
    db.buildRecord.deleteMany({ where: { submissionId } }),
    db.submission.updateMany({
      where: { id: submissionId, status: { in: [SubmissionStatus.RUNNING, SubmissionStatus.QUEUED] } },
      data: { status: SubmissionStatus.FAILED, failureReason: reason, progress: null, finishedAt: new Date() },
    }),
  ]);
}
