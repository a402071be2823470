// npm run bench -- load [--engines 2]: 20 students submit cache-order at once while one more student
// submits all six labs, through createSubmission (the submit route's use case), graded by two worker
// processes (as production runs them). Asserts from the database that every submission was graded
// exactly once and none was lost; prints the total time against 20 baseline runs done one after
// another, the queue waits and the order in which grades started (fair turns across students).
// `--engines 2`: the second worker drives a second sandbox engine (its own dockerd, data root and
// socket, started here and stopped afterwards) through DOCKER_HOST, as a second grader host would.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EngineClient } from '../grader/engine/client';
import { enginePaths, ensureEngine, stopEngine } from '../grader/engine/daemon';
import { copyImage } from '../grader/engine/plain';
import { ensureBaseImages } from '../grader/engine/base-images';
import { baselineRun, benchDatabase, log, median, percentile, pickupMs, secs, startWorker, waitForLine } from './bench-support';

const STUDENTS = Number(process.env.BENCH_LOAD_STUDENTS ?? 20);
/** Baseline runs after the load (default 20, one per student); 0 skips them (e.g. a second configuration in a row). */
const BASELINES = Number(process.env.BENCH_LOAD_BASELINES ?? 20);
const CACHE_ORDER = 'cache-order';
const BASE_IMAGES = ['layerlab/busybox:latest', 'layerlab/node:18'];

/** Every lab folder (labs/<id>/lab.yaml), sorted. */
function labIds(): string[] {
  return fs.readdirSync('labs').filter((d) => fs.existsSync(path.join('labs', d, 'lab.yaml'))).sort();
}

/** The reference solution's files a student submits for a lab (lab.submit names them). */
async function solutionFiles(labId: string): Promise<Record<string, string>> {
  const { loadLab } = await import('../lib/labs/loader');
  const lab = await loadLab(labId);
  const files: Record<string, string> = {};
  for (const name of lab.submit) {
    const p = path.join('labs', labId, 'solution', name);
    if (fs.existsSync(p)) files[name] = fs.readFileSync(p, 'utf8');
  }
  return files;
}

/** Runs `fn` with LAYERLAB_DATA_DIR pointing at `dir` (daemon.ts derives the engine's paths from it). */
async function withDataDir<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const saved = process.env.LAYERLAB_DATA_DIR;
  process.env.LAYERLAB_DATA_DIR = dir;
  try {
    return await fn();
  } finally {
    if (saved === undefined) delete process.env.LAYERLAB_DATA_DIR;
    else process.env.LAYERLAB_DATA_DIR = saved;
  }
}

/**
 * A second sandbox engine on this machine (grader/engine/daemon.ts with its own data dir: own dockerd,
 * data root, exec root and socket; same network rule, own empty network namespace). Its base images are
 * copied from the first engine (docker save → docker load), then checked by ensureBaseImages.
 */
async function startSecondEngine(first: EngineClient, dir: string): Promise<{ socket: string; stop: () => Promise<void> }> {
  const t0 = Date.now();
  const docker = await withDataDir(dir, () => ensureEngine({ onProgress: (m) => log(`engine 2: ${m}`) }));
  const socket = path.join(dir, 'sandbox', 'docker.sock');
  for (const image of BASE_IMAGES) await copyImage(first, docker, image);
  await withDataDir(dir, () => ensureBaseImages(docker, { onProgress: (m) => log(`engine 2: ${m}`) }));
  log(`engine 2 ready on ${socket} in ${secs(Date.now() - t0)}`);
  return {
    socket,
    stop: async () => {
      const { execRoot } = await withDataDir(dir, async () => {
        await stopEngine({ onProgress: (m) => log(`engine 2: ${m}`) });
        return enginePaths();
      });
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(execRoot, { recursive: true, force: true });
      log(`engine 2 stopped; ${dir} and ${execRoot} removed`);
    },
  };
}

interface Row { id: string; userId: string; labId: string; status: string; score: number | null; maxScore: number | null; attempt: number; createdAt: Date; startedAt: Date | null; finishedAt: Date | null; workerId: string | null }

export async function loadBench(docker: EngineClient): Promise<string[]> {
  const argv = process.argv.slice(2);
  const engines = argv.includes('--engines') ? Number(argv[argv.indexOf('--engines') + 1]) : 1;
  if (engines !== 1 && engines !== 2) throw new Error('--engines must be 1 or 2');
  const second = engines === 2 ? await startSecondEngine(docker, path.resolve('data', 'bench-engine-2')) : undefined;
  const database = await benchDatabase('load');
  const { db } = await import('../lib/db');
  const { createSubmission } = await import('../lib/submissions/create');
  const { TooManyPendingError } = await import('../lib/submissions/errors');
  const { stopBoss } = await import('../lib/queue');
  const logs: string[][] = [[], []];
  const workers = [
    startWorker({ DATABASE_URL: database.url, LAYERLAB_WORKER_START_ENGINE: '0' }, logs[0]),
    startWorker({ DATABASE_URL: database.url, ...(second ? { DOCKER_HOST: `unix://${second.socket}` } : {}) }, logs[1]),
  ];
  try {
    for (const l of logs) await waitForLine(l, /waiting for jobs/);
    const labs = labIds();
    const solutions = Object.fromEntries(await Promise.all(labs.map(async (l) => [l, await solutionFiles(l)] as const)));
    const many = await db.user.create({ data: { email: 'six-labs@bench.test', name: 'Six labs', passwordHash: 'x' } });
    const students = await Promise.all(Array.from({ length: STUDENTS }, (_, i) =>
      db.user.create({ data: { email: `s${i + 1}@bench.test`, name: `Student ${i + 1}`, passwordHash: 'x' } })));

    // The six-lab student goes first (FIFO would serve all their labs before anyone else), then the
    // others all at once; a submission refused for the pending cap (5) is sent again as soon as allowed.
    const t0 = Date.now();
    const submitWhenAllowed = async (userId: string, labId: string) => {
      for (;;) {
        try {
          return (await createSubmission({ userId, labId, files: solutions[labId] })).id;
        } catch (e) {
          if (!(e instanceof TooManyPendingError) || Date.now() - t0 > 30 * 60_000) throw e;
          await new Promise((r) => setTimeout(r, 250));
        }
      }
    };
    const manyIds: string[] = [];
    const firstFive = labs.slice(0, 5);
    for (const l of firstFive) manyIds.push(await submitWhenAllowed(many.id, l));
    const [othersIds, rest] = await Promise.all([
      Promise.all(students.map((s) => submitWhenAllowed(s.id, CACHE_ORDER))),
      Promise.all(labs.slice(5).map((l) => submitWhenAllowed(many.id, l))),
    ]);
    manyIds.push(...rest);
    const all = [...manyIds, ...othersIds];
    log(`${all.length} submissions sent in ${secs(Date.now() - t0)}; grading with 2 workers on ${engines} engine(s)`);

    let rows: Row[] = [];
    for (;;) {
      rows = await db.submission.findMany({ where: { id: { in: all } } }) as Row[];
      const done = rows.filter((r) => r.status === 'GRADED' || r.status === 'FAILED').length;
      if (done === all.length) break;
      if (Date.now() - t0 > 45 * 60_000) throw new Error(`load run timed out with ${done}/${all.length} finished`);
      await new Promise((r) => setTimeout(r, 500));
    }
    const totalMs = Math.max(...rows.map((r) => r.finishedAt!.getTime())) - t0;

    // Exactly once, none lost: every row GRADED at full score on its first claim, and one "graded"
    // line per submission across both workers' logs.
    const problems: string[] = [];
    if (rows.length !== all.length) problems.push(`${all.length - rows.length} submissions missing`);
    for (const r of rows) {
      if (r.status !== 'GRADED' || r.score !== r.maxScore) problems.push(`${r.labId} ${r.id}: ${r.status} ${r.score}/${r.maxScore}`);
      if (r.attempt !== 1) problems.push(`${r.id}: claimed ${r.attempt} times`);
    }
    // The score is saved first; a worker says "graded" once the layer explorer is saved too.
    const logged = (id: string) => logs.flat().some((l) => l.includes(` graded ${id} (`));
    for (const until = Date.now() + 5 * 60_000; !all.every(logged) && Date.now() < until; ) await new Promise((r) => setTimeout(r, 500));
    const gradedLines = logs.flat().filter((l) => / graded \S+ \(/.test(l));
    for (const id of all) {
      const n = gradedLines.filter((l) => l.includes(` graded ${id} (`)).length;
      if (n !== 1) problems.push(`${id}: graded ${n} times in the workers' logs`);
    }
    if (problems.length) throw new Error(`load run: ${problems.join('; ')}`);
    const perWorker = logs.map((l) => l.filter((x) => / graded \S+ \(/.test(x)).length);

    log(`all graded in ${secs(totalMs)}; now ${BASELINES} baseline runs one after another`);
    const baseline: number[] = [];
    for (let i = 0; i < BASELINES; i++) baseline.push(await baselineRun(docker, CACHE_ORDER));
    const baselineTotal = baseline.reduce((a, b) => a + b, 0);
    const baselineRows = BASELINES > 0
      ? [`| ${BASELINES} baseline runs one after another (same builds + docker run, engine 1) | ${secs(baselineTotal)} (median ${secs(median(baseline))} each) |`,
        `| **total / ${BASELINES} baselines** | **${(totalMs / baselineTotal).toFixed(2)}×** |`]
      : ['| baseline runs | not run (BENCH_LOAD_BASELINES=0) |'];

    const wait = (r: Row) => r.startedAt!.getTime() - r.createdAt.getTime();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const othersWaits = othersIds.map((id) => wait(byId.get(id)!));
    const allWaits = rows.map(wait);
    const pickup = [...(await pickupMs(all)).values()];
    const started = [...rows].sort((a, b) => a.startedAt!.getTime() - b.startedAt!.getTime());
    const order = started.map((r) => (r.userId === many.id ? `[${r.labId}]` : 'o')).join(' ');
    const manyPositions = started.map((r, i) => (r.userId === many.id ? i + 1 : 0)).filter(Boolean);
    const othersLastStart = Math.max(...othersIds.map((id) => byId.get(id)!.startedAt!.getTime()));
    const manyAfterOthers = manyIds.filter((id) => byId.get(id)!.startedAt!.getTime() > othersLastStart).length;

    return [
      `## Load: ${STUDENTS} students submit cache-order at once + one student submits all ${labs.length} labs; 2 worker processes on ${engines} engine(s) (${new Date().toISOString().slice(0, 16)}Z, ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)})`,
      '',
      '| measure | value |',
      '|---|---|',
      `| submissions | ${all.length}: all GRADED at full score, each claimed once (attempt 1) and graded once (workers' logs); none lost |`,
      `| graded per worker | ${perWorker.join(' + ')}${second ? ' (worker 2 through DOCKER_HOST on engine 2)' : ''} |`,
      `| total: first submit → last score | ${secs(totalMs)} |`,
      ...baselineRows,
      `| queue wait (submit → grading starts), the ${STUDENTS} students | p50 ${secs(median(othersWaits))}, p95 ${secs(percentile(othersWaits, 95))} |`,
      `| queue wait, all ${all.length} | p50 ${secs(median(allWaits))}, p95 ${secs(percentile(allWaits, 95))} |`,
      `| queue pickup (pg-boss created → active) | median ${secs(median(pickup), 3)} (includes waiting for a free worker) |`,
      `| the six-lab student's waits | ${manyIds.map((id) => `${byId.get(id)!.labId} ${secs(wait(byId.get(id)!))}`).join(', ')} |`,
      `| start positions of the six-lab student's grades (of ${all.length}) | ${manyPositions.join(', ')}: ${manyAfterOthers} of their ${manyIds.length} started after every other student's |`,
      '',
      `Start order (o = one of the ${STUDENTS} students, [lab] = the six-lab student): ${order}`,
      '',
    ];
  } finally {
    for (const w of workers) await w.stop();
    await stopBoss().catch(() => {});
    await db.$disconnect();
    await database.stop();
    await second?.stop().catch((e: Error) => log(`could not stop engine 2: ${e.message}`));
  }
}
