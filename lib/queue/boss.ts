import PgBoss from 'pg-boss';
import { databaseUrl } from '../db/url';
import { GRADE_EXPIRE_SECONDS, GRADE_QUEUE, GRADE_RETRY_LIMIT } from './job';

type Role = 'sender' | 'worker';
const globalForBoss = globalThis as unknown as { layerlabBoss?: Promise<PgBoss> };

/** Starts a pg-boss instance and makes sure the grading queue exists. */
async function startBoss(role: Role): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: databaseUrl(),
    max: role === 'worker' ? 4 : 2,
    supervise: role === 'worker',
    schedule: false,
    migrate: true,
  });
  // pg-boss emits connection errors as events; without a listener Node would crash.
  boss.on('error', (e) => console.error(`[queue] ${e.message}`));
  try {
    await boss.start();
    if (!(await boss.getQueue(GRADE_QUEUE))) {
      await boss.createQueue(GRADE_QUEUE, {
        name: GRADE_QUEUE,
        retryLimit: GRADE_RETRY_LIMIT,
        retryDelay: 5,
        retryBackoff: true,
        expireInSeconds: GRADE_EXPIRE_SECONDS,
      });
    }
    return boss;
  } catch (e) {
    await boss.stop({ graceful: false, wait: false }).catch(() => {});
    throw e;
  }
}

/**
 * One pg-boss instance per process. The web app only sends (no maintenance loops);
 * workers also supervise (expire abandoned jobs so they are retried).
 * Processes starting together on a fresh database (two workers, a worker and the web app) can
 * deadlock in pg-boss's schema creation or createQueue (measured: "deadlock detected" with two
 * workers started at once); the loser starts a fresh instance, which finds the work done.
 */
export function getBoss(role: Role = 'sender'): Promise<PgBoss> {
  if (!globalForBoss.layerlabBoss) {
    globalForBoss.layerlabBoss = (async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await startBoss(role);
        } catch (e) {
          const code = (e as { code?: string }).code;
          // 40P01 deadlock, 23505 the other process created the same row first.
          if ((code !== '40P01' && code !== '23505') || attempt >= 5) throw e;
          await new Promise((r) => setTimeout(r, 200 * attempt));
        }
      }
    })().catch((e) => {
      globalForBoss.layerlabBoss = undefined;
      throw e;
    });
  }
  return globalForBoss.layerlabBoss;
}

export async function stopBoss(): Promise<void> {
  const pending = globalForBoss.layerlabBoss;
  globalForBoss.layerlabBoss = undefined;
  if (pending) await (await pending).stop({ graceful: true, wait: true });
}
