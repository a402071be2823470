import { AccountError } from '../accounts/errors';
import { errorResponse, json } from './admin-route';

/**
 * Map an error thrown by lib/accounts to a response: AccountError → its status with {error, field};
 * anything else → errorResponse (503 without details, logged). `what` names the action for the log.
 */
export function accountErrorResponse(err: unknown, what: string): Response {
  if (err instanceof AccountError) return json({ error: err.message, ...(err.field ? { field: err.field } : {}) }, err.status);
  return errorResponse(err, what);
}

/** An account row for JSON (dates as ISO strings). */
export function accountJson(a: { id: string; email: string; name: string; role: string; disabledAt: Date | null; createdAt: Date; hasPassword: boolean }) {
  return { ...a, disabledAt: a.disabledAt?.toISOString() ?? null, createdAt: a.createdAt.toISOString() };
}
