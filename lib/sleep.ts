import { setTimeout as delay } from 'node:timers/promises';

/** Waits `ms`, or less if `signal` aborts; never rejects. Node's own timer removes its listener. */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  await delay(ms, undefined, { signal }).catch(() => {});
}
