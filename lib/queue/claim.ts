/**
 * Which queued grading job a worker takes next, and taking it (the worker's replacement for pg-boss's
 * `fetch`, which only knows priority and age).
 *
 * The rule, in this order:
 *  1. higher priority first: new submissions before regrades (GRADE_PRIORITY);
 *  2. the student with the fewest grades running now (active jobs) first;
 *  3. then the earliest "fair start": a job's creation time, but never earlier than the moment its
 *     student was last served (the last start of any of their grades). A student who sends six
 *     submissions at once is served one at a time, taking turns with every other waiting student,
 *     instead of holding the workers for six grades; a job never waits behind jobs created after its
 *     fair start, so nobody starves (this is start-time fair queuing per student);
 *  4. then creation time and id (plain FIFO among equals).
 * Claims from all workers are serialised by a transaction-scoped advisory lock (a few milliseconds
 * each), so every claim sees the running counts the previous claims produced.
 *
 * Taking the job is pg-boss 10.4's own fetch update (state active, started_on, retry_count +1 on a
 * retry), done in SQL on its `pgboss.job` table, so complete/fail/expiry keep working unchanged.
 * pg-boss is pinned exactly (package.json); tests/integration/queue-fairness.test.ts runs this
 * against the real table, so an upgrade that changes it fails there.
 */
import { db } from '../db';
import { GRADE_QUEUE } from './job';

/** Advisory lock key serialising claims across workers (any constant; "LLCLAIM"). */
const CLAIM_LOCK = 0x4c4c434c;

/** A job the worker now holds (pg-boss state `active`). */
export interface ClaimedGradeJob {
  id: string;
  /** The job's payload as sent; validate with GradeJobSchema before trusting it. */
  data: unknown;
  retryCount: number;
  retryLimit: number;
  priority: number;
}

/** Takes the next grading job by the rule above; undefined when none is ready. */
export async function claimNextGradeJob(): Promise<ClaimedGradeJob | undefined> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CLAIM_LOCK})`;
    const rows = await tx.$queryRaw<ClaimedGradeJob[]>`
      WITH candidates AS (
        SELECT j.id, j.priority, j.created_on, s."userId" AS user_id
        FROM pgboss.job j
        LEFT JOIN "Submission" s ON s.id = j.data->>'submissionId'
        WHERE j.name = ${GRADE_QUEUE} AND j.state < 'active' AND j.start_after < now()
      ), running AS (
        SELECT s."userId" AS user_id, count(*)::int AS n, max(j.started_on) AS last_start
        FROM pgboss.job j JOIN "Submission" s ON s.id = j.data->>'submissionId'
        WHERE j.name = ${GRADE_QUEUE} AND j.state = 'active'
        GROUP BY s."userId"
      ), served AS (
        -- Prisma stores UTC in timestamp columns without a zone.
        SELECT s."userId" AS user_id, max(s."startedAt") AT TIME ZONE 'UTC' AS last_start
        FROM "Submission" s
        WHERE s."userId" IN (SELECT user_id FROM candidates) AND s."startedAt" IS NOT NULL
        GROUP BY s."userId"
      ), next AS (
        SELECT c.id
        FROM candidates c
        LEFT JOIN running r ON r.user_id = c.user_id
        LEFT JOIN served v ON v.user_id = c.user_id
        ORDER BY c.priority DESC, COALESCE(r.n, 0), GREATEST(c.created_on, r.last_start, v.last_start), c.created_on, c.id
        LIMIT 1
      )
      UPDATE pgboss.job j SET
        state = 'active',
        started_on = now(),
        retry_count = CASE WHEN j.started_on IS NOT NULL THEN j.retry_count + 1 ELSE j.retry_count END
      FROM next
      WHERE j.name = ${GRADE_QUEUE} AND j.id = next.id AND j.state < 'active'
      RETURNING j.id::text AS id, j.data, j.retry_count AS "retryCount", j.retry_limit AS "retryLimit", j.priority`;
    return rows[0];
  });
}
