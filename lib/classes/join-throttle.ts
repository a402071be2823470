/**
 * A modest per-address throttle on wrong join codes, so codes (8 characters of 31, ~39 bits)
 * cannot be tried quickly: at most MAX_WRONG_CODES wrong codes per client address in a sliding
 * WINDOW_MS; further tries are answered 429 until the oldest counted one leaves the window.
 * Kept in the web process's memory (one process serves the site; a restart forgets, which at
 * 20 tries per 10 minutes still leaves guessing hopeless).
 */
export const MAX_WRONG_CODES = 20;
export const WINDOW_MS = 10 * 60_000;

export class JoinThrottle {
  private readonly wrong = new Map<string, number[]>();

  constructor(
    private readonly max = MAX_WRONG_CODES,
    private readonly windowMs = WINDOW_MS,
    private readonly now: () => number = Date.now,
  ) {}

  private recent(address: string): number[] {
    const since = this.now() - this.windowMs;
    const kept = (this.wrong.get(address) ?? []).filter((t) => t > since);
    if (kept.length === 0) this.wrong.delete(address);
    else this.wrong.set(address, kept);
    return kept;
  }

  /** Seconds to wait before this address may try a code again, or 0 when it may try now. */
  retryAfterSeconds(address: string): number {
    const recent = this.recent(address);
    if (recent.length < this.max) return 0;
    return Math.max(1, Math.ceil((recent[0] + this.windowMs - this.now()) / 1000));
  }

  /** Counts a wrong code from this address. */
  recordWrong(address: string): void {
    const recent = this.recent(address);
    recent.push(this.now());
    this.wrong.set(address, recent);
    if (this.wrong.size > 10_000) this.wrong.delete(this.wrong.keys().next().value as string); // bounded memory
  }
}

/** The web process's throttle (module state lives as long as the server process). */
export const joinThrottle = new JoinThrottle();
