import { z } from 'zod';
import { requireApiUser } from '@/lib/auth/session';
import { LessonDocumentError } from '@/lib/content/frontmatter';
import { LessonKeyConflictError, upsertLessonDocument } from '@/lib/content/upsert';
import { BodyTooLargeError, readTextLimited } from '@/lib/http/body';
import { refuseCrossSite } from '@/lib/http/same-origin';

export const dynamic = 'force-dynamic';

/** A lesson document is text; 1 MB is far more than any lesson needs. */
const MAX_BODY_BYTES = 1024 * 1024;
const JsonBodySchema = z.strictObject({ source: z.string() });

const noStore = { 'Cache-Control': 'no-store' };
const json = (body: unknown, status: number) => Response.json(body, { status, headers: noStore });

/** The documented body types. text/plain (and no Content-Type) is refused: a cross-site form can send those without a CORS preflight. */
const MARKDOWN_TYPE = /^text\/markdown\s*(;|$)/;
const JSON_TYPE = /^application\/json\s*(;|$)/;

/**
 * POST a lesson document (front matter + md/mdx body) to create or update the lesson. Admin only,
 * same-origin only (refuseCrossSite).
 * Body: the raw document (Content-Type: text/markdown), or JSON {"source": "..."} (application/json).
 * 201 {status:'created', slug, url, revision} · 200 {status:'updated'|'unchanged', …}
 * 400 {error:'Invalid lesson document', issues:[{field, line, column?, message}]} (nothing written)
 * 409 {error, key, conflictsWith:{slug, title, url}} (a new document's key belongs to another lesson)
 * 415 other or missing Content-Type · 403 cross-site · 401/403 role.
 */
export async function POST(req: Request) {
  const crossSite = refuseCrossSite(req);
  if (crossSite) return crossSite;
  const auth = await requireApiUser(['ADMIN']);
  if (auth.response) return auth.response;

  const type = (req.headers.get('content-type') ?? '').trim().toLowerCase();
  const isJson = JSON_TYPE.test(type);
  if (!isJson && !MARKDOWN_TYPE.test(type)) {
    return json(
      {
        error: `Send the lesson document as Content-Type: text/markdown, or JSON {"source": "..."} as application/json (got ${type ? `"${type.slice(0, 80)}"` : 'no Content-Type'}).`,
      },
      415,
    );
  }

  let raw: string;
  try {
    raw = await readTextLimited(req, MAX_BODY_BYTES);
  } catch (err) {
    if (err instanceof BodyTooLargeError) {
      return json({ error: 'The lesson document is larger than 1 MB.' }, 413);
    }
    return json({ error: 'Could not read the request body.' }, 400);
  }

  let source = raw;
  if (isJson) {
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return json({ error: 'The body is not valid JSON.' }, 400);
    }
    const parsed = JsonBodySchema.safeParse(body);
    if (!parsed.success) {
      return json({ error: 'The JSON body must be {"source": "<the lesson document>"}.' }, 400);
    }
    source = parsed.data.source;
  }

  try {
    const result = await upsertLessonDocument(source, { actorId: auth.user.id });
    return json(result, result.status === 'created' ? 201 : 200);
  } catch (err) {
    if (err instanceof LessonDocumentError) {
      return json({ error: 'Invalid lesson document', issues: err.issues }, 400);
    }
    if (err instanceof LessonKeyConflictError) {
      return json({ error: err.message, key: err.key, conflictsWith: err.other }, 409);
    }
    console.error('upsertLessonDocument failed', err);
    return json({ error: 'Could not save the lesson; please try again.' }, 503);
  }
}
