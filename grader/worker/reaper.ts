/**
 * The reaper, run by every worker every few seconds (one at a time across workers, under an advisory
 * lock). Nothing is lost and nothing is graded twice:
 *  1. RUNNING submissions whose heartbeat is stale (their worker died: kill -9, host lost) go back to
 *     QUEUED and get a fresh job. Their next claim increments `attempt`, so if the old worker was in
 *     fact alive, none of its writes land (persist.ts). A worker on THIS host whose pid is alive is
 *     left alone (a slow database, not a death) unless its heartbeat is older than the job expiry.
 *  2. QUEUED submissions without a live job (the enqueue or a re-send was lost in a crash) get one.
 */
import os from 'node:os';
import type PgBoss from 'pg-boss';
import { db, SubmissionStatus } from '../../lib/db';
import { GRADE_EXPIRE_SECONDS, GRADE_QUEUE } from '../../lib/queue/job';
import { sendGradeJob } from '../../lib/queue/send';
import { orphanAfterSeconds, staleAfterSeconds } from '../../lib/queue/recovery';
import { waitingMessage } from './persist';
import { pidAlive } from '../../lib/pid';

/** Advisory lock key of the reaper (any constant; "LLREAP"). */
const REAP_LOCK = 0x4c4c5245;

export function workerIdentity(pid = process.pid, host = os.hostname()): string {
  return `${host}:${pid}`;
}

/** A worker id of this host whose process is alive. */
function aliveHere(workerId: string | null): boolean {
  if (!workerId) return false;
  const i = workerId.lastIndexOf(':');
  if (i < 0 || workerId.slice(0, i) !== os.hostname()) return false;
  return pidAlive(Number(workerId.slice(i + 1)));
}

export interface ReapResult {
  requeued: string[];
  resent: string[];
}

/** The priority of the submission's latest job (a regrade stays a regrade when re-sent); 0 without one. */
async function lastPriority(submissionId: string): Promise<number> {
  const rows = await db.$queryRaw<{ priority: number }[]>`
    SELECT priority FROM pgboss.job WHERE name = ${GRADE_QUEUE} AND data->>'submissionId' = ${submissionId}
    ORDER BY created_on DESC LIMIT 1`;
  return rows[0]?.priority ?? 0;
}

/** Sends a fresh grading job for a submission (at its last job's priority) and records its id. */
export async function resendJob(boss: PgBoss, submissionId: string, startAfterSeconds = 0): Promise<string | null> {
  const id = await sendGradeJob(boss, submissionId, { priority: await lastPriority(submissionId), startAfterSeconds });
  if (id) await db.submission.updateMany({ where: { id: submissionId }, data: { jobId: id } });
  return id;
}

export async function reap(boss: PgBoss, opts: { log?: (m: string) => void; staleS?: number; orphanS?: number } = {}): Promise<ReapResult> {
  const log = opts.log ?? (() => {});
  const staleS = opts.staleS ?? staleAfterSeconds();
  const orphanS = opts.orphanS ?? orphanAfterSeconds();

  // Everything under one advisory lock: one reaper at a time across all workers (no double re-sends).
  return db.$transaction(
    async (tx) => {
      const [lock] = await tx.$queryRaw<{ ok: boolean }[]>`SELECT pg_try_advisory_xact_lock(${REAP_LOCK}) AS ok`;
      if (!lock?.ok) return { requeued: [], resent: [] };
      const stale = await tx.$queryRaw<{ id: string; workerId: string | null; jobId: string | null; ageS: number }[]>`
        SELECT id, "workerId", "jobId",
               EXTRACT(EPOCH FROM now() - COALESCE("heartbeatAt", "startedAt", "createdAt"))::float8 AS "ageS"
        FROM "Submission"
        WHERE status = 'RUNNING' AND COALESCE("heartbeatAt", "startedAt", "createdAt") < now() - make_interval(secs => ${staleS})
        FOR UPDATE SKIP LOCKED`;
      const requeued: string[] = [];
      const oldJobs: string[] = [];
      for (const s of stale) {
        if (aliveHere(s.workerId) && s.ageS < GRADE_EXPIRE_SECONDS) continue;
        await tx.buildRecord.deleteMany({ where: { submissionId: s.id } });
        await tx.submission.update({
          where: { id: s.id },
          data: {
            status: SubmissionStatus.QUEUED, startedAt: null, heartbeatAt: null,
            progress: waitingMessage('the previous grading attempt was interrupted (its grader stopped); grading again'),
          },
        });
        requeued.push(s.id);
        if (s.jobId) oldJobs.push(s.jobId);
        log(`reaped ${s.id}: heartbeat ${Math.round(s.ageS)} s old (worker ${s.workerId ?? '?'})`);
      }
      // A fresh job each (a worker that takes it before we commit waits on the row lock, then claims).
      for (const id of requeued) {
        const jobId = await sendGradeJob(boss, id, { priority: await lastPriority(id) });
        if (jobId) await tx.submission.update({ where: { id }, data: { jobId } });
      }
      // The dead worker's job would otherwise stay `active` until it expires; its retry would find the
      // submission finished anyway, but cancel it to keep the queue honest.
      if (oldJobs.length) await boss.cancel(GRADE_QUEUE, oldJobs).catch(() => {});

      const orphans = await tx.$queryRaw<{ id: string }[]>`
        SELECT s.id FROM "Submission" s
        WHERE s.status = 'QUEUED' AND s."createdAt" < now() - make_interval(secs => ${orphanS})
          AND NOT EXISTS (
            SELECT 1 FROM pgboss.job j
            WHERE j.name = ${GRADE_QUEUE} AND j.singleton_key = s.id
              AND (j.state IN ('created', 'retry') OR (j.state = 'active' AND j.started_on > now() - make_interval(secs => ${orphanS}))))
        LIMIT 50`;
      const resent: string[] = [];
      for (const o of orphans) {
        const jobId = await sendGradeJob(boss, o.id, { priority: await lastPriority(o.id) });
        if (jobId) await tx.submission.update({ where: { id: o.id }, data: { jobId } });
        resent.push(o.id);
        log(`re-sent a job for queued submission ${o.id} (it had none)`);
      }
      return { requeued, resent };
    },
    { timeout: 30_000, maxWait: 10_000 },
  );
}
