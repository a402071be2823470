// The shared steps of the regrade route handlers: cross-site refusal, role, JSON body, params.
import type { z } from 'zod';
import { requireApiUser, type SessionUser } from '../auth/session';
import { Role } from '../db';
import { RegradeNotFoundError, RegradeRefusedError } from '../submissions/regrade';
import { issuesText, RegradeBody } from '../validations/regrade';
import { readTextLimited } from './body';
import { refuseCrossSite } from './same-origin';

const noStore = { 'Cache-Control': 'no-store' };
/** A JSON answer that is never cached. */
export const jsonNoStore = (body: unknown, status: number) => Response.json(body, { status, headers: noStore });

/**
 * Runs a regrade action for a teacher or an admin: refuses cross-site requests (403), anonymous
 * (401) and other roles (403), a body that is not the JSON `{}` (415/400) and bad path parameters
 * (400 naming the field); maps RegradeNotFoundError → 404, RegradeRefusedError → 409.
 */
export async function regradeRoute<P extends z.ZodType>(
  req: Request,
  rawParams: unknown,
  paramsSchema: P,
  act: (user: SessionUser, params: z.infer<P>) => Promise<{ status: number; body: unknown }>,
): Promise<Response> {
  const crossSite = refuseCrossSite(req);
  if (crossSite) return crossSite;
  const auth = await requireApiUser([Role.TEACHER, Role.ADMIN]);
  if (auth.response) return auth.response;
  if (!/^application\/json\b/i.test(req.headers.get('content-type') ?? '')) {
    return jsonNoStore({ error: 'Send JSON (Content-Type: application/json), e.g. {}.' }, 415);
  }
  let body: unknown;
  try {
    const text = await readTextLimited(req, 1024);
    body = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    return jsonNoStore({ error: 'The body must be the JSON object {} (at most 1 KB).' }, 400);
  }
  const shape = RegradeBody.safeParse(body);
  if (!shape.success) return jsonNoStore({ error: `Invalid body: ${issuesText(shape.error)}` }, 400);
  const params = paramsSchema.safeParse(rawParams);
  if (!params.success) return jsonNoStore({ error: `Invalid address: ${issuesText(params.error)}` }, 400);
  try {
    const { status, body: out } = await act(auth.user, params.data);
    return jsonNoStore(out, status);
  } catch (err) {
    if (err instanceof RegradeNotFoundError) return jsonNoStore({ error: err.message }, 404);
    if (err instanceof RegradeRefusedError) return jsonNoStore({ error: err.message }, 409);
    console.error('regrade failed', err);
    return jsonNoStore({ error: 'Could not queue the regrade; please try again.' }, 503);
  }
}
