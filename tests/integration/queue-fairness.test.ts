// The order in which workers take grading jobs (lib/queue/claim.ts), against the real pg-boss tables
// in PostgreSQL: regrades after new submissions, one student's many submissions take turns with
// everyone else's, concurrent claims spread over students, and a job is never overtaken by jobs
// created after its fair start. No engine: a "grade" here is claim → claimSubmission → complete.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { db, resetDatabase } from '../helpers/db';
import { enqueueGrade, getBoss, stopBoss, GRADE_QUEUE } from '../../lib/queue';
import { claimNextGradeJob, type ClaimedGradeJob } from '../../lib/queue/claim';
import { claimSubmission } from '../../grader/worker/persist';

async function student(name: string) {
  return db.user.create({ data: { email: `${name}@fair.test`, name, passwordHash: 'x' } });
}

/** Stores and enqueues one submission; returns its id. Creation times are 5 ms apart at least. */
async function submit(userId: string, labId: string, priority?: 'submission' | 'regrade'): Promise<string> {
  const s = await db.submission.create({ data: { userId, labId, files: { Dockerfile: 'FROM layerlab/busybox' } } });
  await enqueueGrade(s.id, priority ? { priority } : undefined);
  await new Promise((r) => setTimeout(r, 5));
  return s.id;
}

const submissionOf = (job: ClaimedGradeJob | undefined) => (job?.data as { submissionId: string } | undefined)?.submissionId;

/** The job the next claim would take, without taking it (claimed, then put back in its place). */
async function peekNext(): Promise<ClaimedGradeJob | undefined> {
  const job = await claimNextGradeJob();
  if (job) await db.$executeRawUnsafe(`UPDATE pgboss.job SET state = 'created', started_on = NULL WHERE id = '${job.id}'`);
  return job;
}

/** What a worker does around a grade, without the grade: take the job, claim the row, finish the job. */
async function serveNext(): Promise<string | undefined> {
  const job = await claimNextGradeJob();
  const id = submissionOf(job);
  if (!job || !id) return undefined;
  expect((await claimSubmission(id, { workerId: 'test:1' })).kind).toBe('claimed');
  await db.submission.update({ where: { id }, data: { status: 'GRADED', finishedAt: new Date() } });
  await (await getBoss('sender')).complete(GRADE_QUEUE, job.id);
  return id;
}

describe('queue order: priority, then fair turns across students', () => {
  beforeEach(async () => {
    await resetDatabase();
    await getBoss('sender'); // pg-boss creates its tables on start
    await db.$executeRawUnsafe(`DELETE FROM pgboss.job WHERE name = '${GRADE_QUEUE}'`);
  });
  afterAll(() => stopBoss());

  it('one student\'s six submissions take turns with four others who submitted after them', async () => {
    const many = await student('many');
    const mine = [];
    for (const lab of ['cache-order', 'combine-run', 'multi-stage', 'no-secret', 'dockerignore', 'layer-history']) mine.push(await submit(many.id, lab));
    const others = [];
    for (const n of ['b', 'c', 'd', 'e']) others.push(await submit((await student(n)).id, 'cache-order'));

    const order: string[] = [];
    for (let id = await serveNext(); id; id = await serveNext()) order.push(id);
    // FIFO would serve all six of `many` first; the fair order serves their first, then everyone else.
    expect(order).toEqual([mine[0], ...others, ...mine.slice(1)]);
  });

  it('two workers claiming at once take two different students\' jobs, not one student\'s two', async () => {
    const many = await student('many');
    const a1 = await submit(many.id, 'cache-order');
    await submit(many.id, 'combine-run');
    await submit(many.id, 'multi-stage');
    const b1 = await submit((await student('b')).id, 'cache-order');
    const jobs = await Promise.all([claimNextGradeJob(), claimNextGradeJob()]);
    expect(jobs.map(submissionOf).sort()).toEqual([a1, b1].sort());
    // A third claim, while both run: `many` has one running, nobody else waits: their next one.
    expect(submissionOf(await claimNextGradeJob())).not.toBeUndefined();
  });

  it('regrades wait behind every new submission, whatever their age', async () => {
    const t = await student('teacher-regrades');
    const regrade1 = await submit(t.id, 'cache-order', 'regrade');
    const regrade2 = await submit((await student('x')).id, 'cache-order', 'regrade');
    const fresh = await submit((await student('y')).id, 'cache-order');
    const order: string[] = [];
    for (let id = await serveNext(); id; id = await serveNext()) order.push(id);
    expect(order).toEqual([fresh, regrade1, regrade2]);
    const stored = await db.$queryRawUnsafe<{ priority: number }[]>(
      `SELECT priority FROM pgboss.job WHERE name = '${GRADE_QUEUE}' AND data->>'submissionId' = '${regrade1}'`);
    expect(stored[0].priority).toBeLessThan(0);
  });

  it('a student who was just served waits for newcomers; past the aging bound the oldest job goes first', async () => {
    const many = await student('many');
    const first = await submit(many.id, 'cache-order');
    const second = await submit(many.id, 'combine-run');
    const third = await submit(many.id, 'multi-stage');
    expect(await serveNext()).toBe(first);
    const late = await submit((await student('late')).id, 'cache-order');
    // Turns: `many` had a grade in this backlog, `late` none.
    expect(submissionOf(await peekNext())).toBe(late);
    // Aging: once jobs have waited longer than the bound, the oldest goes first whoever sent it.
    const aged = await claimNextGradeJob({ agingSeconds: 0 });
    expect(submissionOf(aged)).toBe(second);
    expect(await serveNext()).toBe(late);
    expect(await serveNext()).toBe(third);
  });

  it('the load bench\'s start: two idle workers take one student\'s first two jobs, then every newcomer goes before their third', async () => {
    const many = await student('many');
    const mine = [];
    for (const lab of ['cache-order', 'combine-run']) mine.push(await submit(many.id, lab));
    const taken = await Promise.all([claimNextGradeJob(), claimNextGradeJob()]);
    expect(taken.map(submissionOf).sort()).toEqual(mine.slice(0, 2).sort()); // nobody else waits: no idle worker
    // Their next three are sent after their first two started (as in the load bench), then the others.
    for (const lab of ['multi-stage', 'no-secret', 'dockerignore']) mine.push(await submit(many.id, lab));
    const others = [];
    for (const n of ['b', 'c', 'd']) others.push(await submit((await student(n)).id, 'cache-order'));
    const boss = await getBoss('sender');
    for (const j of taken) await boss.complete(GRADE_QUEUE, j!.id);
    const order: string[] = [];
    for (let id = await serveNext(); id; id = await serveNext()) order.push(id);
    expect(order).toEqual([...others, ...mine.slice(2)]);
  });

  it('a job sent for later (a retry delay) is not taken before its time', async () => {
    const s = await student('later');
    const sub = await db.submission.create({ data: { userId: s.id, labId: 'cache-order', files: {} } });
    const { sendGradeJob } = await import('../../lib/queue/send');
    await sendGradeJob(await getBoss('sender'), sub.id, { startAfterSeconds: 3 });
    expect(await claimNextGradeJob()).toBeUndefined();
    await new Promise((r) => setTimeout(r, 3500));
    expect(submissionOf(await claimNextGradeJob())).toBe(sub.id);
  });
});
