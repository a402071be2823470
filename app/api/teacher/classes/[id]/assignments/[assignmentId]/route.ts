import { deleteAssignment, updateAssignment } from '@/lib/classes/assignments';
import { json, readJsonBody } from '@/lib/http/admin-route';
import { classErrorResponse, teacherWrite } from '@/lib/http/class-route';
import { UpdateAssignmentSchema } from '@/lib/validations/classes';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string; assignmentId: string }> };

/** PATCH {opensAt?, dueAt?, latePolicy} (dates in the class's zone; omitted or "" = none) → 200 {ok}. */
export async function PATCH(req: Request, ctx: Ctx) {
  const auth = await teacherWrite(req);
  if (auth.response) return auth.response;
  const body = await readJsonBody(req, UpdateAssignmentSchema, 4 * 1024);
  if (body.response) return body.response;
  const { id, assignmentId } = await ctx.params;
  try {
    await updateAssignment(auth.user, id, assignmentId, body.data);
    return json({ ok: true });
  } catch (err) {
    return classErrorResponse(err, 'change the assignment');
  }
}

/** DELETE → 200 {ok}. */
export async function DELETE(req: Request, ctx: Ctx) {
  const auth = await teacherWrite(req);
  if (auth.response) return auth.response;
  const { id, assignmentId } = await ctx.params;
  try {
    await deleteAssignment(auth.user, id, assignmentId);
    return json({ ok: true });
  } catch (err) {
    return classErrorResponse(err, 'delete the assignment');
  }
}
