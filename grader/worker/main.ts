// The grader worker: takes grading jobs from the Postgres-backed queue and grades them against the
// sandbox engine. Run several (on one or several hosts) for more throughput: pg-boss hands each job
// to one worker (SKIP LOCKED), and the claim in PostgreSQL makes a submission graded exactly once.
//
// Per worker: its environment validated (env.ts); a start-up sweep of dead grades' leftovers in the
// engine; an engine gate (no jobs are taken while the engine is down); N job loops that take jobs in
// the fair order of lib/queue/claim.ts, woken by NOTIFY (lib/queue/wakeup.ts) or an idle poll; a
// reaper that re-queues the submissions of dead workers (stale heartbeat) and re-sends lost jobs.
import type PgBoss from 'pg-boss';
import { getBoss, stopBoss } from '../../lib/queue/boss';
import { claimNextGradeJob, type ClaimedGradeJob } from '../../lib/queue/claim';
import { GRADE_QUEUE, type GradeJob } from '../../lib/queue/job';
import { reapEverySeconds } from '../../lib/queue/recovery';
import { GradeJobWakeup } from '../../lib/queue/wakeup';
import { sleep } from '../../lib/sleep';
import { describeEngineTarget } from '../engine/target';
import { EngineGate } from './engine-gate';
import { readWorkerEnv, WorkerEnvError, type WorkerEnv } from './env';
import { startGradeJob, type JobOutcome, type StartedJob } from './handle-job';
import { reap, resendJob, workerIdentity } from './reaper';
import { releaseLayersOfDeadGrades } from './persist';
import { ownerIsDead, sweepDeadGrades, workerGradeId } from './sweep';

const log = (msg: string) => process.stderr.write(`[worker ${process.pid}] ${msg}\n`);

/** Grades older than this are dead whoever made them (longer than any grade may run). */
const SWEEP_MAX_AGE_MS = 60 * 60_000;
const SWEEP_EVERY_MS = 60_000;

/** Retries a queue/database call while the database restarts (pg-boss and Prisma reconnect by themselves). */
async function persist<T>(what: string, fn: () => Promise<T>, signal: AbortSignal, tries = 30): Promise<T | undefined> {
  for (let i = 0; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (i >= tries || signal.aborted) {
        log(`${what} failed: ${(e as Error).message}`);
        return undefined;
      }
      await sleep(1000, signal);
    }
  }
}

interface LoopContext {
  boss: PgBoss;
  gate: EngineGate;
  wakeup: GradeJobWakeup;
  pollMs: number;
  signal: AbortSignal;
}

/**
 * One job slot. It takes its next job as soon as the last one's score is saved, while that grade's
 * images are still read for the layer explorer (StartedJob.explorer), so the read overlaps the next
 * builds. It takes no third job before the first one's read is over: a slot has at most two grades
 * at once, one of them past its score.
 */
async function jobLoop({ boss, gate, wakeup, pollMs, signal }: LoopContext, slot: number) {
  const workerId = workerIdentity();
  let explorer: Promise<void> = Promise.resolve();
  while (!signal.aborted) {
    if (gate.reason !== undefined) {
      await gate.waitUp(signal);
      continue;
    }
    let job: ClaimedGradeJob | undefined;
    try {
      job = await claimNextGradeJob();
    } catch (e) {
      log(`fetch failed (database unreachable?): ${(e as Error).message}`);
      await sleep(1000, signal);
      continue;
    }
    if (!job) {
      await wakeup.wait(pollMs, signal);
      continue;
    }
    let started: StartedJob;
    try {
      started = await startGradeJob(job.data, {
        retryCount: job.retryCount,
        retryLimit: job.retryLimit,
        docker: () => gate.client(),
        engineUp: () => gate.stillUp(),
        workerId,
        gradeId: () => workerGradeId(),
        log: (m) => log(slot ? `[${slot}] ${m}` : m),
        signal,
      });
    } catch (e) {
      // The database went away mid-job: let the queue retry it (the claim protects the result).
      log(`job ${job.id} interrupted: ${(e as Error).message}`);
      await persist('retrying the job', () => boss.fail(GRADE_QUEUE, job.id, { message: (e as Error).message }), signal);
      await sleep(1000, signal);
      continue;
    }
    let { outcome } = started;
    if (signal.aborted && outcome === 'retry') outcome = 'outage'; // we stopped: not the job's fault
    const id = job.id;
    const submissionId = (job.data as GradeJob).submissionId;
    switch (outcome) {
      case 'retry':
        await persist('failing the job for a retry', () => boss.fail(GRADE_QUEUE, id), signal);
        break;
      case 'outage':
        // Put it back without using its retry budget: a fresh job first, then close this one (a crash
        // between the two leaves a duplicate job, which the claim makes harmless).
        await persist('re-sending the job', () => resendJob(boss, submissionId, 2), signal, signal.aborted ? 3 : 30);
        await persist('closing the job', () => boss.complete(GRADE_QUEUE, id, { outcome }), signal, signal.aborted ? 3 : 30);
        if (!signal.aborted) await gate.check();
        break;
      default:
        await persist('completing the job', () => boss.complete(GRADE_QUEUE, id, { outcome }), signal);
    }
    await explorer;
    explorer = started.explorer;
  }
  await explorer;
}

/** Scores whose worker died while reading their explorer stop waiting for it (persist.ts releaseLayersOfDeadGrades). */
async function releaseDeadExplorers(): Promise<void> {
  try {
    const released = await releaseLayersOfDeadGrades((id) => ownerIsDead(id));
    if (released.length) log(`${released.length} score(s) of dead grades will show no layer explorer: ${released.join(', ')}`);
  } catch (e) {
    log(`releasing dead grades' explorers failed: ${(e as Error).message}`);
  }
}

async function main() {
  let env: WorkerEnv;
  try {
    env = readWorkerEnv();
  } catch (e) {
    if (!(e instanceof WorkerEnvError)) throw e;
    log(`cannot start: ${e.message}`);
    process.exit(2);
  }
  const { concurrency } = env;
  log(`engine: ${describeEngineTarget(env.engine)}`);
  // Start the engine ourselves only for the default engine: LAYERLAB_DOCKER_SOCKET and DOCKER_HOST
  // name engines someone else runs (and starting one there would share the default data root).
  const gate = new EngineGate({ log, startEngine: env.startEngine });
  const boss = await getBoss('worker');
  const wakeup = new GradeJobWakeup(env.databaseUrl, log);
  await wakeup.start();
  const controller = new AbortController();
  const { signal } = controller;

  if (await gate.check()) {
    const d = await gate.client();
    await sweepDeadGrades(d, { maxAgeMs: SWEEP_MAX_AGE_MS, log }).catch((e: Error) => log(`start-up sweep failed: ${e.message}`));
  }
  await releaseDeadExplorers();
  const loopContext: LoopContext = { boss, gate, wakeup, pollMs: env.pollMs, signal };
  const loops = Array.from({ length: concurrency }, (_, i) => jobLoop(loopContext, concurrency > 1 ? i + 1 : 0));
  log(`waiting for jobs on "${GRADE_QUEUE}" (concurrency ${concurrency})`);

  const housekeeping = (async () => {
    let lastSweep = Date.now();
    while (!signal.aborted) {
      await sleep(reapEverySeconds() * 1000, signal);
      if (signal.aborted) break;
      await reap(boss, { log }).catch((e: Error) => log(`reaper: ${e.message}`));
      if (Date.now() - lastSweep > SWEEP_EVERY_MS && gate.reason === undefined) {
        lastSweep = Date.now();
        await gate.client().then((d) => sweepDeadGrades(d, { maxAgeMs: SWEEP_MAX_AGE_MS, log })).catch((e: Error) => log(`sweep: ${e.message}`));
      }
    }
  })();

  let stopping = false;
  const shutdown = async (sig: string) => {
    if (stopping) return;
    stopping = true;
    log(`${sig}: stopping`);
    controller.abort();
    await Promise.race([Promise.all([...loops, housekeeping]), sleep(20_000)]);
    await wakeup.stop();
    await stopBoss().catch(() => {});
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((e) => {
  log(`cannot start: ${(e as Error).message}`);
  process.exit(1);
});
