/**
 * Waking idle workers the moment a grading job is sent. pg-boss 10 only polls (LISTEN/NOTIFY came in
 * pg-boss 12, which needs Node 22), so the sender NOTIFYs GRADE_WAKE_CHANNEL (lib/queue/send.ts) and
 * every worker LISTENs on one dedicated connection. Notifications are a hint, never the source of
 * truth: the worker still polls every few seconds (delayed retries, a lost connection), and the claim
 * itself (lib/queue/claim.ts) decides who gets which job.
 */
import pg from 'pg';

/** The NOTIFY channel carrying "a grading job was sent" (no payload). */
export const GRADE_WAKE_CHANNEL = 'layerlab_grade_job';

export class GradeJobWakeup {
  private client?: pg.Client;
  private waiters = new Set<() => void>();
  private stopped = false;
  private retry?: NodeJS.Timeout;
  /** Whether the last connection attempt succeeded (a loss is logged once, not at every retry). */
  private listening = false;

  /** `log` hears connection losses (the listener reconnects every `reconnectMs` by itself). */
  constructor(private readonly connectionString: string, private readonly log: (m: string) => void, private readonly reconnectMs = 1000) {}

  /** Connects and LISTENs; never throws (a failure is logged and retried). */
  async start(): Promise<void> {
    if (this.stopped || this.client) return;
    const client = new pg.Client({ connectionString: this.connectionString });
    this.client = client;
    const lost = (why: string) => {
      if (this.client !== client) return;
      this.client = undefined;
      client.removeAllListeners();
      client.on('error', () => {});
      client.end().catch(() => {});
      if (this.stopped) return;
      if (this.listening) this.log(`job wake-up connection lost (${why}); polling until it is back`);
      this.listening = false;
      this.retry = setTimeout(() => void this.start(), this.reconnectMs);
    };
    client.on('error', (e) => lost(e.message));
    client.on('end', () => lost('closed'));
    client.on('notification', () => this.wakeAll());
    try {
      await client.connect();
      await client.query(`LISTEN ${GRADE_WAKE_CHANNEL}`);
      this.listening = true;
      this.wakeAll(); // jobs sent while we were not listening
    } catch (e) {
      lost((e as Error).message);
    }
  }

  /** Resolves on the next notification, after `ms`, or when `signal` aborts, whichever comes first. */
  wait(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
      this.waiters.add(done);
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    this.wakeAll();
    const c = this.client;
    this.client = undefined;
    await c?.end().catch(() => {});
  }

  private wakeAll() {
    for (const w of [...this.waiters]) w();
  }
}
