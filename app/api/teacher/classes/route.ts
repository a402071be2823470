import { createClass } from '@/lib/classes/classes';
import { json, readJsonBody } from '@/lib/http/admin-route';
import { classErrorResponse, teacherWrite } from '@/lib/http/class-route';
import { CreateClassSchema } from '@/lib/validations/classes';

export const dynamic = 'force-dynamic';

/** POST {name, timeZone} → 201 {id, joinCode, url}: a new class taught by the caller. */
export async function POST(req: Request) {
  const auth = await teacherWrite(req);
  if (auth.response) return auth.response;
  const body = await readJsonBody(req, CreateClassSchema, 16 * 1024);
  if (body.response) return body.response;
  try {
    const made = await createClass(auth.user, body.data);
    return json({ ...made, url: `/teacher/classes/${made.id}` }, 201);
  } catch (err) {
    return classErrorResponse(err, 'create the class');
  }
}
