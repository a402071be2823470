/**
 * A refusal of a class use case meant for the person acting, with its HTTP status:
 * 400 bad input (with the field), 403 not allowed, 404 no such class (also when it exists but is
 * not the viewer's, so existence does not leak), 409 conflicts with the current state, 429 throttled.
 */
export class ClassError extends Error {
  constructor(
    public readonly status: 400 | 403 | 404 | 409 | 429,
    message: string,
    public readonly field?: string,
    public readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ClassError';
  }
}

export const classNotFound = () => new ClassError(404, 'There is no such class, or you do not teach it.');
