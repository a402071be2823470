/**
 * A refusal of an admin-studio operation that the author can fix: `status` is the HTTP status a
 * route answers with (400 bad input, 404 no such thing, 409 conflicts with what is stored), and
 * the message names what is wrong. Nothing was written when it is thrown.
 */
export class StudioError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
    this.name = 'StudioError';
  }
}
