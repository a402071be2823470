/**
 * Step timing from the build output (pure). The classic builder prints a `Step N/M` header when a
 * step starts; a step lasts until the next header (or the end of the build for the last one).
 */

export interface TimedStep {
  n: number;
  /** When the step's header arrived (ms since epoch); undefined when unknown. */
  startMs?: number;
}

/** Duration (ms) of each step with a known start, keyed by step number. Never negative. */
export function stepDurations(steps: readonly TimedStep[], buildEndMs: number): Map<number, number> {
  const out = new Map<number, number>();
  const known = steps.filter((s): s is Required<TimedStep> => typeof s.startMs === 'number' && Number.isFinite(s.startMs)).sort((a, b) => a.n - b.n);
  for (const [i, s] of known.entries()) {
    const end = i + 1 < known.length ? known[i + 1].startMs : buildEndMs;
    out.set(s.n, Math.max(0, Math.round(end - s.startMs)));
  }
  return out;
}
