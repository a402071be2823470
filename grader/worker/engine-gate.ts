/**
 * Is the sandbox engine usable? Workers take jobs only while it is: during an outage submissions
 * wait QUEUED (with a visible "Waiting for the grader: …" line), no job is fetched, so no retry and
 * no attempt is used; when the engine answers again, grading resumes by itself.
 */
import { sleep } from '../../lib/sleep';
import { ensureBaseImages } from '../engine/base-images';
import type { EngineClient } from '../engine/client';
import { engineClient, ensureEngine, pingWithin } from '../engine/daemon';
import { clearQueuedWaiting, markQueuedWaiting } from './persist';

export interface EngineGateOptions {
  log: (m: string) => void;
  /** Start the engine when it is down (only for the default socket, see below). */
  startEngine?: boolean;
  /** Probe interval while down. */
  probeMs?: number;
}

export class EngineGate {
  private docker?: EngineClient;
  private down?: string;
  private readonly probeMs: number;

  constructor(private readonly o: EngineGateOptions) {
    this.probeMs = o.probeMs ?? 2000;
  }

  get reason(): string | undefined {
    return this.down;
  }

  /** The client, when the engine answered at the last check. */
  async client(): Promise<EngineClient> {
    if (this.docker) return this.docker;
    await this.check();
    if (!this.docker) throw Object.assign(new Error(this.down ?? 'the sandbox engine is not available'), { name: 'EngineUnavailableError' });
    return this.docker;
  }

  /** Ping (and, when allowed, start the engine and its base images); records up/down transitions. */
  async check(): Promise<boolean> {
    try {
      let d: EngineClient;
      if (this.o.startEngine) {
        d = await ensureEngine({ onProgress: this.o.log });
      } else {
        d = engineClient();
        await pingWithin(d, 3000);
      }
      if (!this.docker) await ensureBaseImages(d, { onProgress: this.o.log });
      if (this.down !== undefined) {
        this.o.log('sandbox engine is back; taking jobs again');
        await clearQueuedWaiting().catch(() => {});
      }
      this.docker = d;
      this.down = undefined;
      return true;
    } catch (e) {
      const reason = (e as Error).message.split('\n')[0].slice(0, 300);
      if (this.down === undefined) this.o.log(`sandbox engine unavailable: ${reason}; not taking jobs until it is back`);
      this.docker = undefined;
      this.down = reason;
      await markQueuedWaiting(`the sandbox engine is not available (${reason})`).catch(() => {});
      return false;
    }
  }

  /** Resolves once the engine answers (or the signal aborts). */
  async waitUp(signal: AbortSignal): Promise<void> {
    while (!signal.aborted && !(await this.check())) await sleep(this.probeMs, signal);
  }

  /** After a failure: still up? */
  async stillUp(): Promise<boolean> {
    if (!this.docker) return this.check();
    try {
      await pingWithin(this.docker, 3000);
      return true;
    } catch {
      return this.check();
    }
  }
}
