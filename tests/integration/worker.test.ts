import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type Docker from 'dockerode';
import { db, resetDatabase } from '../helpers/db';
import { ensureEngine } from '../../grader/engine/daemon';
import { ensureBaseImages } from '../../grader/engine/base-images';
import { handleGradeJob, startGradeJob } from '../../grader/worker/handle-job';
import { releaseLayersOfDeadGrades } from '../../grader/worker/persist';
import { ownerIsDead, workerGradeId } from '../../grader/worker/sweep';
import { enqueueGrade, getBoss, stopBoss, GRADE_QUEUE, type GradeJob } from '../../lib/queue';

const solution = fs.readFileSync(path.resolve('labs/cache-order/solution/Dockerfile'), 'utf8');
const logs: string[] = [];
let docker: Docker;

async function newSubmission(files: Record<string, string>) {
  const user = await db.user.upsert({
    where: { email: 'w@x.test' },
    update: {},
    create: { email: 'w@x.test', name: 'W', passwordHash: 'x' },
  });
  return db.submission.create({ data: { userId: user.id, labId: 'cache-order', files } });
}

describe('grader worker: queue → grade → PostgreSQL', () => {
  beforeAll(async () => {
    docker = await ensureEngine();
    await ensureBaseImages(docker);
  });
  beforeEach(resetDatabase);
  afterAll(() => stopBoss());

  it('takes a job from the queue, grades it and stores checks, builds and steps', async () => {
    const sub = await newSubmission({ Dockerfile: solution });
    await enqueueGrade(sub.id);
    const boss = await getBoss('sender');
    const [job] = await boss.fetch<GradeJob>(GRADE_QUEUE, { includeMetadata: true });
    expect(job.data.submissionId).toBe(sub.id);

    const outcome = await handleGradeJob(job.data, {
      retryCount: 0, retryLimit: 3, docker: async () => docker, log: (m) => logs.push(m),
    });
    await boss.complete(GRADE_QUEUE, job.id);
    expect(outcome).toBe('graded');

    const stored = await db.submission.findUniqueOrThrow({
      where: { id: sub.id },
      include: { checks: { orderBy: { position: 'asc' } }, builds: { include: { steps: true }, orderBy: { position: 'asc' } } },
    });
    expect(stored.status).toBe('GRADED');
    expect(stored.maxScore).toBeGreaterThan(0);
    expect(stored.checks.filter((c) => !c.passed).map((c) => `${c.checkId}: ${c.feedback}`)).toEqual([]);
    expect(stored.score).toBe(stored.maxScore);
    expect(stored.checks.length).toBeGreaterThan(0);
    expect(stored.checks.every((c) => c.passed)).toBe(true);
    expect(stored.builds.map((b) => b.name).length).toBeGreaterThanOrEqual(2);
    expect(stored.builds.every((b) => b.ok && b.steps.length > 0)).toBe(true);
    // The source-edit rebuild reused the install layer: some steps are cached there.
    expect(stored.builds[1].steps.some((s) => s.cached)).toBe(true);
    expect(stored.report).toMatchObject({ lab: 'cache-order', score: stored.score, maxScore: stored.maxScore });
    // The score was saved first; the layer explorer of every build replaced `layersPending` after it.
    const report = stored.report as { layersPending?: boolean; layers?: { build: string }[] };
    expect(report.layersPending).toBeUndefined();
    expect(report.layers?.map((b) => b.build)).toEqual(stored.builds.map((b) => b.name));
    expect(logs.some((l) => /graded .*: \d+\/\d+ in \d+ ms \(score saved after \d+ ms, layers \d+ ms later\)/.test(l)), logs.join('\n')).toBe(true);
    expect(stored.buildLog?.length ?? 0).toBeLessThanOrEqual(70 * 1024);

    // A job delivered twice does not grade twice.
    const again = await handleGradeJob({ submissionId: sub.id }, {
      retryCount: 0, retryLimit: 3, docker: async () => docker, log: () => {},
    });
    expect(again).toBe('skipped');
  });

  it('the outcome is known once the score is saved; the explorer is read after it (the worker takes its next job meanwhile)', async () => {
    const sub = await newSubmission({ Dockerfile: solution });
    const started = await startGradeJob({ submissionId: sub.id }, { retryCount: 0, retryLimit: 3, docker: async () => docker, log: (m) => logs.push(m) });
    try {
      expect(started.outcome).toBe('graded');
      const scored = await db.submission.findUniqueOrThrow({ where: { id: sub.id } });
      expect(scored.status).toBe('GRADED');
      expect(scored.score).toBe(scored.maxScore);
      expect((scored.report as { layersPending?: boolean }).layersPending).toBe(true);
    } finally {
      await started.explorer; // never leave a grade running into the next test
    }
    const explored = await db.submission.findUniqueOrThrow({ where: { id: sub.id } });
    const report = explored.report as { layersPending?: boolean; layers?: unknown[] };
    expect(report.layersPending).toBeUndefined();
    expect(report.layers?.length).toBeGreaterThan(0);
    expect(explored.score).toBe(explored.maxScore);
  });

  it('a worker that stops while the explorer is read keeps the score, marks the explorer missing and removes the images', async () => {
    const sub = await newSubmission({ Dockerfile: solution });
    const stop = new AbortController();
    const lines: string[] = [];
    const started = await startGradeJob({ submissionId: sub.id }, { retryCount: 0, retryLimit: 3, docker: async () => docker, log: (m) => lines.push(m), signal: stop.signal });
    stop.abort(); // SIGTERM right after the score
    await started.explorer;
    expect(started.outcome).toBe('graded');
    const stored = await db.submission.findUniqueOrThrow({ where: { id: sub.id } });
    const report = stored.report as { layersPending?: boolean; layers?: unknown[]; gradeId?: string };
    expect(stored.score).toBe(stored.maxScore);
    expect(report.layersPending).toBeUndefined();
    expect(report.layers).toBeUndefined();
    expect(lines.filter((l) => l.includes(`graded ${sub.id} (`)), lines.join('\n')).toEqual([expect.stringMatching(/layers not saved/)]);
    expect(report.gradeId).toBeTruthy();
    const left = (await docker.listImages({ all: true })).filter((i) => (i.RepoTags ?? []).some((t) => t.includes(report.gradeId!)) || i.Labels?.['layerlab.grade'] === report.gradeId);
    expect(left.map((i) => i.RepoTags)).toEqual([]);
  });

  it('a score whose worker died while reading its explorer stops waiting for it at the next worker start; a live one keeps waiting', async () => {
    const report = { lab: 'cache-order', score: 100, maxScore: 100, checks: [], layersPending: true };
    const graded = (gradeId: string) => newSubmission({ Dockerfile: solution }).then((s) =>
      db.submission.update({ where: { id: s.id }, data: { status: 'GRADED', score: 100, maxScore: 100, attempt: 1, gradeId, report } }));
    const deadPid = 2 ** 22 + 12345; // above Linux's pid_max: never alive
    const dead = await graded(workerGradeId(deadPid));
    const live = await graded(workerGradeId(process.pid));
    expect(await releaseLayersOfDeadGrades((id) => ownerIsDead(id))).toEqual([dead.id]);
    const after = async (id: string) => ((await db.submission.findUniqueOrThrow({ where: { id } })).report as { layersPending?: boolean }).layersPending;
    expect(await after(dead.id)).toBeUndefined();
    expect(await after(live.id)).toBe(true);
  });

  it('an engine outage puts the submission back QUEUED without using a retry; other grader failures retry, then FAILED', async () => {
    const sub = await newSubmission({ Dockerfile: solution });
    const down = async (): Promise<Docker> => {
      const e = new Error('sandbox engine is not answering');
      e.name = 'EngineUnavailableError';
      throw e;
    };
    // The engine is down (engineUp says so): an outage, not the job's fault.
    expect(await handleGradeJob({ submissionId: sub.id }, { retryCount: 0, retryLimit: 2, docker: down, engineUp: async () => false, log: () => {} }))
      .toBe('outage');
    let stored = await db.submission.findUniqueOrThrow({ where: { id: sub.id } });
    expect(stored.status).toBe('QUEUED');
    expect(stored.progress).toMatch(/Waiting for the grader: the sandbox engine is not available/);
    expect(stored.score).toBeNull();

    // A failure while the engine answers: retried (uses the job's retry budget), still no attempt.
    expect(await handleGradeJob({ submissionId: sub.id }, { retryCount: 0, retryLimit: 2, docker: down, engineUp: async () => true, log: () => {} }))
      .toBe('retry');
    stored = await db.submission.findUniqueOrThrow({ where: { id: sub.id } });
    expect(stored.status).toBe('QUEUED');

    const outcome = await handleGradeJob({ submissionId: sub.id }, { retryCount: 2, retryLimit: 2, docker: down, log: () => {} });
    expect(outcome).toBe('failed');
    stored = await db.submission.findUniqueOrThrow({ where: { id: sub.id } });
    expect(stored.status).toBe('FAILED');
    expect(stored.failureReason).toMatch(/did not count as an attempt/);
    expect(stored.score).toBeNull();
  });

  it('drops a malformed job message without touching the database', async () => {
    const outcome = await handleGradeJob({ submissionId: 42 }, { retryCount: 0, retryLimit: 1, docker: async () => docker, log: () => {} });
    expect(outcome).toBe('skipped');
  });
});
