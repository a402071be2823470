import type { z } from 'zod';
import { requireApiUser, type SessionUser } from '../auth/session';
import { ClassError } from '../classes/errors';
import { Role } from '../db';
import { json, readJsonBody } from './admin-route';
import { refuseCrossSite } from './same-origin';

/**
 * Shared steps of the class and join route handlers: cross-site refusal, the role check on the
 * server, and one mapping of ClassError to HTTP (its status and message, with the field and
 * Retry-After when set); anything else is 503 without details, logged.
 */

type Guarded = { user: SessionUser; response?: undefined } | { response: Response; user?: undefined };

/** For the teacher's state-changing handlers: 403 cross-site, 401 anonymous, 403 not a teacher/admin. */
export async function teacherWrite(req: Request): Promise<Guarded> {
  const refused = refuseCrossSite(req);
  if (refused) return { response: refused };
  return requireApiUser([Role.TEACHER, Role.ADMIN]);
}

/** Map an error thrown by lib/classes to a response; `what` names the failed action for the log. */
export function classErrorResponse(err: unknown, what: string): Response {
  if (err instanceof ClassError) {
    const body = { error: err.message, ...(err.field ? { field: err.field } : {}) };
    if (err.retryAfterSeconds) {
      return Response.json(body, { status: err.status, headers: { 'Cache-Control': 'no-store', 'Retry-After': String(err.retryAfterSeconds) } });
    }
    return json(body, err.status);
  }
  console.error(`${what} failed`, err);
  return json({ error: `Could not ${what}; please try again.` }, 503);
}

/**
 * A whole teacher route handler: teacherWrite, the JSON body parsed by `schema` (when given, at most
 * `limit` bytes), then `run`; its result is the JSON answer with `status` (default 200), and a
 * thrown ClassError its mapped refusal. `what` names the action in messages and the log.
 */
export async function teacherAction<S extends z.ZodType>(
  req: Request,
  opts: { what: string; schema?: S; limit?: number; status?: number },
  run: (user: SessionUser, body: z.output<S>) => Promise<unknown>,
): Promise<Response> {
  const auth = await teacherWrite(req);
  if (auth.response) return auth.response;
  let body = undefined as z.output<S>;
  if (opts.schema) {
    const parsed = await readJsonBody(req, opts.schema, opts.limit ?? 16 * 1024);
    if (parsed.response) return parsed.response;
    body = parsed.data;
  }
  try {
    return json((await run(auth.user, body)) ?? { ok: true }, opts.status ?? 200);
  } catch (err) {
    return classErrorResponse(err, opts.what);
  }
}
