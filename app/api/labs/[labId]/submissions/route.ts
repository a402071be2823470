import { requireApiUser } from '@/lib/auth/session';
import { BodyTooLargeError, readTextLimited } from '@/lib/http/body';
import { refuseCrossSite } from '@/lib/http/same-origin';
import { createSubmission } from '@/lib/submissions/create';
import { RateLimitedError, SubmissionValidationError, SubmissionWindowError, TooManyPendingError, UnknownLabError } from '@/lib/submissions/errors';
import { MAX_BODY_BYTES, SubmissionBodySchema, fieldErrorsOf } from '@/lib/validations/submission';

export const dynamic = 'force-dynamic';

const noStore = { 'Cache-Control': 'no-store' };
const json = (body: unknown, status: number) => Response.json(body, { status, headers: noStore });

/** POST {files: {Dockerfile: "..."}} → 202 {id, url}. Any signed-in user may submit, from this site only. */
export async function POST(req: Request, ctx: { params: Promise<{ labId: string }> }) {
  const crossSite = refuseCrossSite(req);
  if (crossSite) return crossSite;
  const auth = await requireApiUser();
  if (auth.response) return auth.response;
  const { labId } = await ctx.params;

  const type = req.headers.get('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) {
    return json({ error: 'Send JSON (Content-Type: application/json).' }, 415);
  }

  let raw: string;
  try {
    raw = await readTextLimited(req, MAX_BODY_BYTES);
  } catch (err) {
    if (err instanceof BodyTooLargeError) {
      return json({ error: `The request is larger than ${MAX_BODY_BYTES / 1024} KB.` }, 413);
    }
    return json({ error: 'Could not read the request body.' }, 400);
  }
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return json({ error: 'The body is not valid JSON.' }, 400);
  }
  const shape = SubmissionBodySchema.safeParse(body);
  if (!shape.success) {
    return json({ error: 'The submission is invalid.', fieldErrors: fieldErrorsOf(shape.error) }, 400);
  }

  try {
    const { id } = await createSubmission({ userId: auth.user.id, labId, files: shape.data.files });
    return json({ id, url: `/submissions/${id}` }, 202);
  } catch (err) {
    if (err instanceof UnknownLabError) return json({ error: err.message }, 404);
    if (err instanceof SubmissionValidationError) {
      return json({ error: err.message, fieldErrors: err.fieldErrors }, 400);
    }
    if (err instanceof SubmissionWindowError) return json({ error: err.message, reason: err.reason, at: err.at.toISOString() }, 409);
    if (err instanceof RateLimitedError) {
      return Response.json(
        { error: err.message, reason: err.reason, retryAfterSeconds: err.retryAfterSeconds },
        { status: 429, headers: { ...noStore, 'Retry-After': String(err.retryAfterSeconds) } },
      );
    }
    if (err instanceof TooManyPendingError) {
      return Response.json(
        { error: err.message, reason: 'pending', retryAfterSeconds: 30 },
        { status: 429, headers: { ...noStore, 'Retry-After': '30' } },
      );
    }
    console.error('createSubmission failed', err);
    return json({ error: 'Could not queue the submission; please try again.' }, 503);
  }
}
