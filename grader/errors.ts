/**
 * The grader could not grade (engine down, base image missing, daemon failure not caused by the
 * submission, grade cancelled). The worker does NOT count an attempt for it and retries.
 * Everything the submission causes is a graded result instead, never a throw.
 */
export class InfrastructureError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InfrastructureError';
  }
}
