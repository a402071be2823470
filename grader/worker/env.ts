/**
 * The grader worker's environment, read and validated once at start-up (grader/worker/main.ts): a
 * typo fails the start with one line naming the variable, never later as a grading failure.
 *
 * | variable | default | meaning |
 * |---|---|---|
 * | DATABASE_URL | the embedded PostgreSQL | the database holding submissions and the pg-boss queue |
 * | LAYERLAB_WORKER_CONCURRENCY | 1 | job slots: grades this worker builds at once (1–32); each slot may also be reading its last grade's images |
 * | LAYERLAB_WORKER_START_ENGINE | 1 | `0`: never start the sandbox engine (only the default engine is ever started) |
 * | LAYERLAB_QUEUE_POLL_SECONDS | 2 | how often an idle worker looks for jobs besides NOTIFY wake-ups (0.1–60) |
 * | LAYERLAB_DOCKER_SOCKET, DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH | this checkout's sandbox | the engine (grader/engine/target.ts) |
 * | LAYERLAB_HEARTBEAT_SECONDS, …_STALE_AFTER_…, …_REAP_…, …_ORPHAN_AFTER_… | 3, 15, 5, 30 | crash recovery (lib/queue/recovery.ts) |
 * plus what lib/env.ts reads for every process (LAYERLAB_DATA_DIR, LAYERLAB_USERNS_REMAP, …).
 */
import { z } from 'zod';
import { databaseUrl } from '../../lib/db/url';
import { env as platformEnv } from '../../lib/env';
import { RECOVERY_SETTINGS } from '../../lib/queue/recovery';
import { engineTarget, type EngineTarget } from '../engine/target';

/** The environment is unusable; the message names the variable, the value and what is expected. */
export class WorkerEnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkerEnvError';
  }
}

export interface WorkerEnv {
  databaseUrl: string;
  /** Grades run at once by this process. */
  concurrency: number;
  /** Start the sandbox engine when it is down: only for this checkout's default engine. */
  startEngine: boolean;
  /** Idle poll interval in milliseconds (NOTIFY wakes the worker sooner). */
  pollMs: number;
  engine: EngineTarget;
}

const seconds = (min: number, max: number) =>
  z.string().trim().regex(/^\d+(\.\d+)?$/, 'expected a number of seconds').transform(Number)
    .refine((v) => v >= min && v <= max, `expected ${min} to ${max} seconds`);

const WorkerEnvSchema = z.object({
  LAYERLAB_WORKER_CONCURRENCY: z.string().trim().regex(/^\d+$/, 'expected a whole number').transform(Number)
    .refine((v) => v >= 1 && v <= 32, 'expected 1 to 32').optional(),
  LAYERLAB_WORKER_START_ENGINE: z.enum(['0', '1'], { message: 'expected 0 or 1' }).optional(),
  LAYERLAB_QUEUE_POLL_SECONDS: seconds(0.1, 60).optional(),
  ...Object.fromEntries(Object.entries(RECOVERY_SETTINGS).map(([name, { min }]) => [name, seconds(min, 3600).optional()])),
});

/** Reads and validates the worker's settings from `source`; throws WorkerEnvError naming the variable. */
export function readWorkerEnv(source: Readonly<Record<string, string | undefined>> = process.env): WorkerEnv {
  const set = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = WorkerEnvSchema.safeParse(set);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    const name = String(i.path[0]);
    throw new WorkerEnvError(`${name}="${source[name]}": ${i.message}`);
  }
  const e = parsed.data as { LAYERLAB_WORKER_CONCURRENCY?: number; LAYERLAB_WORKER_START_ENGINE?: '0' | '1'; LAYERLAB_QUEUE_POLL_SECONDS?: number };
  let engine: EngineTarget;
  let database: string;
  try {
    platformEnv(); // DATABASE_URL, LAYERLAB_DATA_DIR, … (lib/env.ts names the variable)
    database = databaseUrl();
    engine = engineTarget(source);
  } catch (err) {
    throw new WorkerEnvError((err as Error).message);
  }
  return {
    databaseUrl: database,
    concurrency: e.LAYERLAB_WORKER_CONCURRENCY ?? 1,
    startEngine: e.LAYERLAB_WORKER_START_ENGINE !== '0' && engine.from === 'default',
    pollMs: (e.LAYERLAB_QUEUE_POLL_SECONDS ?? 2) * 1000,
    engine,
  };
}
