import { saveLessonFromEditor } from '@/lib/content/lesson-editor';
import { adminWrite, errorResponse, json, readJsonBody , written } from '@/lib/http/admin-route';
import { SaveLessonSchema } from '@/lib/validations/studio';

export const dynamic = 'force-dynamic';

/**
 * Save the editor's document through the same upsert as POST /api/admin/lessons and the seed,
 * recording this admin as the revision's author. {source, lessonId?} →
 * 201 created / 200 updated|unchanged {status, slug, url, revision, lessonId};
 * 400 {error, issues:[{field, line, message}]}; 404 unknown lessonId; 409 the URL belongs to another lesson.
 */
export async function POST(req: Request) {
  const auth = await adminWrite(req);
  if (auth.response) return auth.response;
  const body = await readJsonBody(req, SaveLessonSchema);
  if (body.response) return body.response;
  try {
    const result = await saveLessonFromEditor(body.data, { actorId: auth.user.id });
    return written(result, result.status === 'created' ? 201 : 200);
  } catch (err) {
    return errorResponse(err, 'save the lesson');
  }
}
