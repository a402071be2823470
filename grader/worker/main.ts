// The grader worker: takes grading jobs from the Postgres-backed queue and grades them
// against the sandbox engine. Run several for more throughput; pg-boss hands each job to one.
import type Docker from 'dockerode';
import { getBoss, stopBoss } from '../../lib/queue/boss';
import { GRADE_QUEUE, type GradeJob } from '../../lib/queue/job';
import { ensureEngine } from '../engine/daemon';
import { ensureBaseImages } from '../engine/base-images';
import { handleGradeJob } from './handle-job';

const log = (msg: string) => process.stderr.write(`[worker ${process.pid}] ${msg}\n`);

let engine: Promise<Docker> | undefined;
/** The engine is (re)started lazily, so an engine outage only delays jobs. */
function docker(): Promise<Docker> {
  engine ??= (async () => {
    const d = await ensureEngine({ onProgress: log });
    await ensureBaseImages(d, { onProgress: log });
    return d;
  })().catch((e) => {
    engine = undefined;
    throw e;
  });
  return engine;
}

async function main() {
  const concurrency = Number(process.env.LAYERLAB_WORKER_CONCURRENCY ?? 1);
  const boss = await getBoss('worker');
  const controller = new AbortController();
  await docker().catch((e) => log(`engine not ready yet: ${(e as Error).message}`));

  for (let i = 0; i < concurrency; i++) {
    await boss.work<GradeJob>(
      GRADE_QUEUE,
      { batchSize: 1, pollingIntervalSeconds: 1, includeMetadata: true },
      async ([job]) => {
        await handleGradeJob(job.data, {
          retryCount: job.retryCount,
          retryLimit: job.retryLimit,
          docker: async () => {
            try {
              return await docker();
            } catch (e) {
              engine = undefined;
              throw e;
            }
          },
          log,
          signal: controller.signal,
        });
      },
    );
  }
  log(`waiting for jobs on "${GRADE_QUEUE}" (concurrency ${concurrency})`);

  const shutdown = async (sig: string) => {
    log(`${sig}: stopping`);
    controller.abort();
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
