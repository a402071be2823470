/**
 * A refusal of an account operation meant for the person who asked: `status` is the HTTP status
 * (400 bad input, 404 no such account or link, 409 conflict, 410 link used or expired), `field`
 * names the input at fault when there is one.
 */
export class AccountError extends Error {
  constructor(
    public readonly status: 400 | 403 | 404 | 409 | 410,
    message: string,
    public readonly field?: string,
  ) {
    super(message);
    this.name = 'AccountError';
  }
}
