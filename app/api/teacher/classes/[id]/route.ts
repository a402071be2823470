import { updateClass } from '@/lib/classes/classes';
import { json, readJsonBody } from '@/lib/http/admin-route';
import { classErrorResponse, teacherWrite } from '@/lib/http/class-route';
import { UpdateClassSchema } from '@/lib/validations/classes';

export const dynamic = 'force-dynamic';

/** PATCH {name?, timeZone?, signUpOpen?, archived?} → 200 {ok}; 404 when the caller does not teach it. */
export async function PATCH(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const auth = await teacherWrite(req);
  if (auth.response) return auth.response;
  const body = await readJsonBody(req, UpdateClassSchema, 16 * 1024);
  if (body.response) return body.response;
  const { id } = await ctx.params;
  try {
    await updateClass(auth.user, id, body.data);
    return json({ ok: true });
  } catch (err) {
    return classErrorResponse(err, 'change the class');
  }
}
