/**
 * Crash-recovery timing shared by the worker (heartbeat, reaper) and the tests. Read per call so
 * tests and operators can tune them through the environment.
 */
function num(name: string, fallback: number, min: number): number {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v >= min ? v : fallback;
}

/** How often a worker refreshes `Submission.heartbeatAt` while grading. */
export const heartbeatSeconds = () => num('LAYERLAB_HEARTBEAT_SECONDS', 3, 0.2);
/** A RUNNING submission whose heartbeat is older than this is reaped (its worker is gone). */
export const staleAfterSeconds = () => num('LAYERLAB_STALE_AFTER_SECONDS', 15, 1);
/** How often each worker runs the reaper. */
export const reapEverySeconds = () => num('LAYERLAB_REAP_SECONDS', 5, 0.5);
/** A QUEUED submission with no live job for this long gets a fresh job (nothing is ever lost). */
export const orphanAfterSeconds = () => num('LAYERLAB_ORPHAN_AFTER_SECONDS', 30, 1);
