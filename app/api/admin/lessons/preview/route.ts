import { previewLessonDocument } from '@/lib/content/preview';
import { adminWrite, errorResponse, json, readJsonBody } from '@/lib/http/admin-route';
import { LessonSourceSchema } from '@/lib/validations/studio';

export const dynamic = 'force-dynamic';

/**
 * The editor's live preview: {source} → {issues:[{field,line,message}], title, html, toc, renderError},
 * rendered by the lesson page's renderer. Writes nothing, but it is a POST with an admin's session,
 * so it gets the same cross-site refusal as the writes.
 */
export async function POST(req: Request) {
  const auth = await adminWrite(req);
  if (auth.response) return auth.response;
  const body = await readJsonBody(req, LessonSourceSchema);
  if (body.response) return body.response;
  try {
    return json(await previewLessonDocument(body.data.source));
  } catch (err) {
    return errorResponse(err, 'render the preview');
  }
}
