/** Typed failures of the submission use cases; route handlers map them to HTTP statuses. */
export class SubmissionValidationError extends Error {
  constructor(public readonly fieldErrors: Record<string, string[]>) {
    super('The submission is invalid.');
    this.name = 'SubmissionValidationError';
  }
}

export class UnknownLabError extends Error {
  constructor(public readonly labId: string) {
    super(`There is no lab "${labId}".`);
    this.name = 'UnknownLabError';
  }
}

export class TooManyPendingError extends Error {
  constructor(public readonly limit: number) {
    super(`You already have ${limit} submissions waiting to be graded; wait for one to finish.`);
    this.name = 'TooManyPendingError';
  }
}

/** A per student-and-lab limit (one grade in flight, N per hour): HTTP 429 with Retry-After. */
export class RateLimitedError extends Error {
  constructor(
    message: string,
    public readonly reason: 'in-flight' | 'hourly',
    public readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = 'RateLimitedError';
  }
}

/**
 * The student's assignments for this lab refuse a submission now (lib/classes/late-rule.ts): not
 * open yet, or past a REFUSE_LATE due date. HTTP 409; the message names the date in the class's zone.
 */
export class SubmissionWindowError extends Error {
  constructor(
    message: string,
    public readonly reason: 'not-open' | 'closed',
    public readonly at: Date,
  ) {
    super(message);
    this.name = 'SubmissionWindowError';
  }
}
