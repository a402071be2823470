import { removeStudent } from '@/lib/classes/people';
import { json } from '@/lib/http/admin-route';
import { classErrorResponse, teacherWrite } from '@/lib/http/class-route';

export const dynamic = 'force-dynamic';

/** DELETE → 200 {ok}: the student leaves the class (their submissions stay). */
export async function DELETE(req: Request, ctx: { params: Promise<{ id: string; userId: string }> }) {
  const auth = await teacherWrite(req);
  if (auth.response) return auth.response;
  const { id, userId } = await ctx.params;
  try {
    await removeStudent(auth.user, id, userId);
    return json({ ok: true });
  } catch (err) {
    return classErrorResponse(err, 'remove the student');
  }
}
