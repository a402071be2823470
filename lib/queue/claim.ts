/**
 * Which queued grading job a worker takes next, and taking it (the worker's replacement for pg-boss's
 * `fetch`, which only knows priority and age).
 *
 * The rule, in this order:
 *  1. higher priority first: new submissions before regrades (GRADE_PRIORITY);
 *  2. a job that has waited longer than `agingSeconds` (default 10 minutes) first, oldest first: the
 *     bound that keeps rules 3–4 from starving anyone;
 *  3. the student with the fewest grades running now (active jobs) first;
 *  4. the student with the fewest grades started in the last `agingSeconds` first: students take
 *     turns, so one student's six submissions are served one per round instead of holding the
 *     workers for six grades (counting by time, not since the backlog began: a student's earlier
 *     grades may have started before their own later jobs were even sent);
 *  5. then the oldest job (creation time, then id).
 * Claims from all workers are serialised by a transaction-scoped advisory lock (a few milliseconds
 * each), so every claim sees what the previous claims took.
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

/** Rule 2's bound (a job waiting longer goes before every fairness consideration) and rule 4's window. */
export const GRADE_AGING_SECONDS = 10 * 60;

/** Takes the next grading job by the rule above; undefined when none is ready. */
export async function claimNextGradeJob(opts: { agingSeconds?: number } = {}): Promise<ClaimedGradeJob | undefined> {
  const aging = opts.agingSeconds ?? GRADE_AGING_SECONDS;
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CLAIM_LOCK})`;
    const rows = await tx.$queryRaw<ClaimedGradeJob[]>`
      WITH candidates AS (
        SELECT j.id, j.priority, j.created_on, s."userId" AS user_id
        FROM pgboss.job j
        LEFT JOIN "Submission" s ON s.id = j.data->>'submissionId'
        WHERE j.name = ${GRADE_QUEUE} AND j.state < 'active' AND j.start_after < now()
      ), load AS (
        SELECT s."userId" AS user_id,
               count(*) FILTER (WHERE j.state = 'active')::int AS running,
               count(*) FILTER (WHERE j.started_on > now() - make_interval(secs => ${aging}))::int AS served
        FROM pgboss.job j
        JOIN "Submission" s ON s.id = j.data->>'submissionId'
        WHERE j.name = ${GRADE_QUEUE} AND (j.state = 'active' OR j.started_on > now() - make_interval(secs => ${aging}))
        GROUP BY s."userId"
      ), next AS (
        SELECT c.id
        FROM candidates c
        LEFT JOIN load l ON l.user_id = c.user_id
        ORDER BY c.priority DESC,
                 CASE WHEN c.created_on < now() - make_interval(secs => ${aging}) THEN c.created_on END NULLS LAST,
                 COALESCE(l.running, 0), COALESCE(l.served, 0), c.created_on, c.id
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
