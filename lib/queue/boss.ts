import PgBoss from 'pg-boss';
import { databaseUrl } from '../db/url';
import { GRADE_EXPIRE_SECONDS, GRADE_QUEUE, GRADE_RETRY_LIMIT } from './job';

type Role = 'sender' | 'worker';
const globalForBoss = globalThis as unknown as { layerlabBoss?: Promise<PgBoss> };

/**
 * One pg-boss instance per process. The web app only sends (no maintenance loops);
 * workers also supervise (expire abandoned jobs so they are retried).
 */
export function getBoss(role: Role = 'sender'): Promise<PgBoss> {
  if (!globalForBoss.layerlabBoss) {
    globalForBoss.layerlabBoss = (async () => {
      const boss = new PgBoss({
        connectionString: databaseUrl(),
        max: role === 'worker' ? 4 : 2,
        supervise: role === 'worker',
        schedule: false,
        migrate: true,
      });
      // pg-boss emits connection errors as events; without a listener Node would crash.
      boss.on('error', (e) => console.error(`[queue] ${e.message}`));
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
