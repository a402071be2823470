import { addCoTeacher } from '@/lib/classes/people';
import { json, readJsonBody } from '@/lib/http/admin-route';
import { classErrorResponse, teacherWrite } from '@/lib/http/class-route';
import { AddTeacherSchema } from '@/lib/validations/classes';

export const dynamic = 'force-dynamic';

/** POST {email} → 200 {userId, name}: that TEACHER account co-teaches the class. */
export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const auth = await teacherWrite(req);
  if (auth.response) return auth.response;
  const body = await readJsonBody(req, AddTeacherSchema, 4 * 1024);
  if (body.response) return body.response;
  const { id } = await ctx.params;
  try {
    return json(await addCoTeacher(auth.user, id, body.data.email));
  } catch (err) {
    return classErrorResponse(err, 'add the teacher');
  }
}
