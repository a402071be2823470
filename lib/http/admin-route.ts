import type { z } from 'zod';
import { requireApiUser, type SessionUser } from '../auth/session';
import { LessonDocumentError } from '../content/frontmatter';
import { revalidateLessonPages } from '../content/revalidate';
import { StudioError } from '../content/studio-error';
import { LessonKeyConflictError } from '../content/upsert';
import { BodyTooLargeError, readTextLimited } from './body';
import { refuseCrossSite } from './same-origin';

/**
 * Shared steps of the admin studio's route handlers: cross-site refusal and the ADMIN role check
 * on the server, a JSON body validated by a zod schema, and one mapping of domain errors to HTTP
 * (StudioError → its status, LessonDocumentError → 400 with {field, line, message} issues,
 * anything else → 503 without details, logged).
 */

const noStore = { 'Cache-Control': 'no-store' };

/** A JSON response that is never cached. */
export function json(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: noStore });
}

/**
 * The answer to a write that changed lessons or categories: drop the statically cached lesson
 * pages first (lib/content/revalidate.ts), so the change is public on the next request.
 */
export async function written(body: unknown, status = 200): Promise<Response> {
  await revalidateLessonPages();
  return json(body, status);
}

type Guarded = { user: SessionUser; response?: undefined } | { response: Response; user?: undefined };

/** For GET handlers: 401 anonymous, 403 not an admin. */
export async function adminRead(): Promise<Guarded> {
  return requireApiUser(['ADMIN']);
}

/** For state-changing handlers: first refuse cross-site requests (403), then 401/403 by role. */
export async function adminWrite(req: Request): Promise<Guarded> {
  const refused = refuseCrossSite(req);
  if (refused) return { response: refused };
  return requireApiUser(['ADMIN']);
}

/** Read a JSON body (Content-Type application/json only, at most `limit` bytes) and validate it. */
export async function readJsonBody<T extends z.ZodType>(
  req: Request,
  schema: T,
  limit = 2 * 1024 * 1024,
): Promise<{ data: z.output<T>; response?: undefined } | { response: Response; data?: undefined }> {
  const type = (req.headers.get('content-type') ?? '').toLowerCase();
  if (!/^application\/json\b/.test(type)) {
    return { response: json({ error: 'Send the request body as application/json.' }, 415) };
  }
  let raw: string;
  try {
    raw = await readTextLimited(req, limit);
  } catch (err) {
    if (err instanceof BodyTooLargeError) return { response: json({ error: `The request body is larger than ${limit} bytes.` }, 413) };
    return { response: json({ error: 'Could not read the request body.' }, 400) };
  }
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return { response: json({ error: 'The body is not valid JSON.' }, 400) };
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const iss = parsed.error.issues[0];
    const field = iss.path.map(String).join('.') || '(body)';
    return { response: json({ error: `${field}: ${iss.message}`, field }, 400) };
  }
  return { data: parsed.data };
}

/** Map an error thrown by lib/content to a response; `what` names the failed action for the log. */
export function errorResponse(err: unknown, what: string): Response {
  if (err instanceof StudioError) return json({ error: err.message }, err.status);
  if (err instanceof LessonDocumentError) return json({ error: 'Invalid lesson document', issues: err.issues }, 400);
  if (err instanceof LessonKeyConflictError) return json({ error: err.message, conflict: err.other }, 409);
  const status = (err as { status?: unknown } | null)?.status;
  if (err instanceof Error && typeof status === 'number' && status >= 400 && status < 500) {
    return json({ error: err.message }, status); // a refusal of the upsert (e.g. 409) meant for the author
  }
  console.error(`${what} failed`, err);
  return json({ error: `Could not ${what}; please try again.` }, 503);
}
