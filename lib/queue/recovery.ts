/**
 * Crash-recovery timing shared by the worker (heartbeat, reaper) and the tests. Read per call so
 * tests and operators can tune them through the environment.
 */
/**
 * The crash-recovery settings: variable → default and smallest allowed value, in seconds. The worker
 * refuses a bad value at start-up (grader/worker/env.ts); these getters fall back to the default.
 */
export const RECOVERY_SETTINGS = {
  /** How often a worker refreshes `Submission.heartbeatAt` while grading. */
  LAYERLAB_HEARTBEAT_SECONDS: { fallback: 3, min: 0.2 },
  /** A RUNNING submission whose heartbeat is older than this is reaped (its worker is gone). */
  LAYERLAB_STALE_AFTER_SECONDS: { fallback: 15, min: 1 },
  /** How often each worker runs the reaper. */
  LAYERLAB_REAP_SECONDS: { fallback: 5, min: 0.5 },
  /** A QUEUED submission with no live job for this long gets a fresh job (nothing is ever lost). */
  LAYERLAB_ORPHAN_AFTER_SECONDS: { fallback: 30, min: 1 },
} as const;

function num(name: keyof typeof RECOVERY_SETTINGS): number {
  const { fallback, min } = RECOVERY_SETTINGS[name];
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v >= min ? v : fallback;
}

/** How often a worker refreshes `Submission.heartbeatAt` while grading. */
export const heartbeatSeconds = () => num('LAYERLAB_HEARTBEAT_SECONDS');
/** A RUNNING submission whose heartbeat is older than this is reaped (its worker is gone). */
export const staleAfterSeconds = () => num('LAYERLAB_STALE_AFTER_SECONDS');
/** How often each worker runs the reaper. */
export const reapEverySeconds = () => num('LAYERLAB_REAP_SECONDS');
/** A QUEUED submission with no live job for this long gets a fresh job (nothing is ever lost). */
export const orphanAfterSeconds = () => num('LAYERLAB_ORPHAN_AFTER_SECONDS');
