// Crash recovery and outages with REAL worker processes against the test database and the real
// sandbox engine: kill -9 mid-build, two workers, engine outage, and the exactly-once claim.
// Figures are printed as `[recovery] …` lines (docs/security.md "Crash recovery").
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type Docker from 'dockerode';
import { db, resetDatabase } from '../helpers/db';
import { spawnWorker, waitFor, type WorkerProc } from '../helpers/worker-process';
import { ensureEngine } from '../../grader/engine/daemon';
import { ensureBaseImages } from '../../grader/engine/base-images';
import { GRADE_TAG_PREFIX } from '../../grader/engine/cleanup';
import { CONTAINER_LABEL } from '../../grader/engine/containers';
import { claimSubmission, heartbeat, saveReport } from '../../grader/worker/persist';
import { reap } from '../../grader/worker/reaper';
import { enqueueGrade, getBoss, stopBoss } from '../../lib/queue';
import type { GradeReport } from '../../grader/grade';
import { dockerSocketPath } from '../../lib/env';

const solution = fs.readFileSync(path.resolve('labs/cache-order/solution/Dockerfile'), 'utf8');
/** Refused before any build (disallowed base image): graded in milliseconds, still a real grade. */
const refused = 'FROM ubuntu:22.04\nCMD ["true"]\n';
const K = Number(process.env.LAYERLAB_RECOVERY_RUNS ?? 3);

let docker: Docker;
const workers: WorkerProc[] = [];
const start = (env?: Record<string, string>) => {
  const w = spawnWorker(env);
  workers.push(w);
  return w;
};

let userN = 0;
async function newSubmission(files: Record<string, string>) {
  const n = userN++;
  const user = await db.user.create({ data: { email: `r${n}-${Date.now()}@x.test`, name: `R${n}`, passwordHash: 'x' } });
  const sub = await db.submission.create({ data: { userId: user.id, labId: 'cache-order', files } });
  const jobId = await enqueueGrade(sub.id);
  await db.submission.update({ where: { id: sub.id }, data: { jobId } });
  return sub;
}

/** Everything in the engine that carries a grade id. */
async function engineLeftovers(gradeId: string) {
  const containers = (await docker.listContainers({ all: true, filters: { label: [`${CONTAINER_LABEL}=${gradeId}`] } })).length;
  const images = (await docker.listImages({ all: true })).filter(
    (i) => (i.RepoTags ?? []).some((t) => t.startsWith(`${GRADE_TAG_PREFIX}${gradeId}`)) || i.Labels?.[CONTAINER_LABEL] === gradeId,
  ).length;
  let cgroups = 0;
  for (const h of fs.existsSync('/sys/fs/cgroup') ? fs.readdirSync('/sys/fs/cgroup') : []) {
    if (fs.existsSync(path.join('/sys/fs/cgroup', h, 'layerlab-builds', `grade-${gradeId}`))) cgroups++;
  }
  return { containers, images, cgroups };
}

const gradedLines = (id: string) => workers.flatMap((w) => w.logs).filter((l) => l.includes(`graded ${id} `));

describe('crash recovery and outages (real worker processes)', () => {
  beforeAll(async () => {
    docker = await ensureEngine();
    await ensureBaseImages(docker);
  });
  beforeEach(resetDatabase);
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
  });
  afterAll(() => stopBoss());

  it('a late worker whose claim was taken over cannot store a score (attempt compare-and-set)', async () => {
    const user = await db.user.create({ data: { email: 'cas@x.test', name: 'C', passwordHash: 'x' } });
    const sub = await db.submission.create({ data: { userId: user.id, labId: 'cache-order', files: { Dockerfile: refused } } });
    const a = await claimSubmission(sub.id, { workerId: 'other-host:1', gradeId: 'a' });
    expect(a.kind).toBe('claimed');
    // A fresh heartbeat: nobody else may take it.
    expect((await claimSubmission(sub.id, { workerId: 'other-host:2' })).kind).toBe('busy');
    // The owner goes silent: the reaper puts it back, a second worker claims it.
    await db.submission.update({ where: { id: sub.id }, data: { heartbeatAt: new Date(Date.now() - 60_000) } });
    const boss = await getBoss('sender');
    expect((await reap(boss, { staleS: 5 })).requeued).toEqual([sub.id]);
    const b = await claimSubmission(sub.id, { workerId: 'other-host:2' });
    if (a.kind !== 'claimed' || b.kind !== 'claimed') throw new Error('no claim');
    expect(b.claim.attempt).toBe(a.claim.attempt + 1);
    const report = (score: number) => ({ lab: 'cache-order', score, maxScore: 10, checks: [], builds: [], log: '' }) as unknown as GradeReport;
    expect(await heartbeat(a.claim)).toBe(false);
    expect(await saveReport(a.claim, report(1))).toBe(false);
    expect(await saveReport(b.claim, report(7))).toBe(true);
    expect(await saveReport(a.claim, report(1))).toBe(false);
    const stored = await db.submission.findUniqueOrThrow({ where: { id: sub.id } });
    expect(stored).toMatchObject({ status: 'GRADED', score: 7, attempt: 2 });
  });

  it(`kill -9 of a worker mid-build: re-graded exactly once, leftovers swept at start (${K} runs)`, async () => {
    const figures: { killToReclaimS: number; killToGradedS: number; leftoversBefore: string; leftoversAfter: string }[] = [];
    for (let run = 0; run < K; run++) {
      const sub = await newSubmission({ Dockerfile: solution });
      const a = start();
      const aPid = await a.pid();
      const running = await waitFor('a build step under worker A', async () => {
        const s = await db.submission.findUniqueOrThrow({ where: { id: sub.id } });
        return s.status === 'RUNNING' && /step [2-9]/.test(s.progress ?? '') ? s : null;
      });
      const gradeId = running.gradeId!;
      expect(gradeId).toMatch(new RegExp(`-${aPid.toString(36)}-`));
      process.kill(aPid, 'SIGKILL');
      const killedAt = Date.now();
      await a.exited;
      const before = await engineLeftovers(gradeId);

      const b = start();
      await waitFor('worker B ready', async () => b.logs.some((l) => l.includes('waiting for jobs')));
      const after = await engineLeftovers(gradeId);
      const reclaimed = await waitFor('the re-claim', async () => {
        const s = await db.submission.findUniqueOrThrow({ where: { id: sub.id } });
        return s.attempt >= 2 ? s : null;
      });
      const reclaimS = (Date.now() - killedAt) / 1000;
      expect(reclaimed.workerId).toMatch(new RegExp(`:${await b.pid()}$`));
      const done = await waitFor('GRADED', async () => {
        const s = await db.submission.findUniqueOrThrow({ where: { id: sub.id }, include: { checks: true, builds: true } });
        return s.status === 'GRADED' ? s : null;
      });
      const gradedS = (Date.now() - killedAt) / 1000;
      expect(done.attempt).toBe(2);
      expect(done.score).toBe(done.maxScore);
      expect(new Set(done.checks.map((c) => c.checkId)).size).toBe(done.checks.length);
      expect(done.builds.length).toBe(new Set(done.builds.map((x) => x.name)).size);
      // The score is saved first; the worker says "graded" once the layer explorer is saved too.
      await waitFor('the worker\'s graded line', async () => gradedLines(sub.id).length > 0);
      expect(gradedLines(sub.id)).toHaveLength(1);
      expect(after).toEqual({ containers: 0, images: 0, cgroups: 0 });
      figures.push({ killToReclaimS: reclaimS, killToGradedS: gradedS, leftoversBefore: JSON.stringify(before), leftoversAfter: JSON.stringify(after) });
      await b.stop();
      workers.length = 0;
    }
    for (const f of figures) console.log(`[recovery] kill -9 run: ${JSON.stringify(f)}`);
    console.log(`[recovery] kill -9: ${figures.length}/${K} runs graded exactly once`);
  });

  it('two worker processes and N submissions: each graded exactly once', async () => {
    const N = 8;
    const subs: { id: string }[] = [];
    for (let i = 0; i < N; i++) subs.push(await newSubmission({ Dockerfile: i % 4 === 0 ? solution : refused }));
    const w1 = start();
    const w2 = start();
    await Promise.all([w1.pid(), w2.pid()]);
    await waitFor('all graded', async () => (await db.submission.count({ where: { status: 'GRADED' } })) === N, 300_000, 500);
    const rows = await db.submission.findMany({ select: { id: true, attempt: true, workerId: true } });
    expect(rows.every((r) => r.attempt === 1)).toBe(true);
    // The score is saved first; each worker says "graded" once the layer explorer is saved too.
    await waitFor('every graded line', async () => subs.every((s) => gradedLines(s.id).length > 0));
    for (const s of subs) expect(gradedLines(s.id)).toHaveLength(1);
    const byWorker = new Map<string, number>();
    for (const r of rows) byWorker.set(r.workerId!, (byWorker.get(r.workerId!) ?? 0) + 1);
    console.log(`[recovery] two workers, ${N} submissions: ${JSON.stringify(Object.fromEntries(byWorker))}`);
    expect(byWorker.size).toBe(2);
  });

  it('engine down: submissions wait QUEUED with a visible status and no attempt, then are graded when it is back', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llrec-'));
    const sock = path.join(dir, 'docker.sock'); // nothing there yet: the engine is "down"
    const sub = await newSubmission({ Dockerfile: refused });
    const w = start({ LAYERLAB_DOCKER_SOCKET: sock });
    await w.pid();
    const waiting = await waitFor('the waiting status', async () => {
      const s = await db.submission.findUniqueOrThrow({ where: { id: sub.id } });
      return /^Waiting for the grader: the sandbox engine is not available/.test(s.progress ?? '') ? s : null;
    });
    await new Promise((r) => setTimeout(r, 5000)); // an outage of a while: nothing is consumed
    const still = await db.submission.findUniqueOrThrow({ where: { id: sub.id } });
    expect(still).toMatchObject({ status: 'QUEUED', attempt: 0, score: null });
    const [job] = await db.$queryRaw<{ state: string; retry_count: number }[]>`
      SELECT state::text AS state, retry_count FROM pgboss.job WHERE singleton_key = ${sub.id}`;
    expect(job).toMatchObject({ state: 'created', retry_count: 0 });
    console.log(`[recovery] engine down: "${waiting.progress}"`);

    fs.symlinkSync(dockerSocketPath(), sock); // the engine is back
    const back = Date.now();
    const done = await waitFor('GRADED after the outage', async () => {
      const s = await db.submission.findUniqueOrThrow({ where: { id: sub.id } });
      return s.status === 'GRADED' ? s : null;
    });
    console.log(`[recovery] engine back → graded in ${((Date.now() - back) / 1000).toFixed(1)} s`);
    expect(done.attempt).toBe(1);
    expect(w.child.exitCode).toBeNull(); // the same worker, never restarted
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
