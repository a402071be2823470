import { deleteAssignment, updateAssignment } from '@/lib/classes/assignments';
import { teacherAction } from '@/lib/http/class-route';
import { UpdateAssignmentSchema } from '@/lib/validations/classes';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string; assignmentId: string }> };

/** PATCH {opensAt?, dueAt?, latePolicy} (dates in the class's zone; omitted or "" = none) → 200 {ok}. */
export async function PATCH(req: Request, ctx: Ctx) {
  const { id, assignmentId } = await ctx.params;
  return teacherAction(req, { what: 'change the assignment', schema: UpdateAssignmentSchema }, (user, body) => updateAssignment(user, id, assignmentId, body));
}

/** DELETE → 200 {ok}. */
export async function DELETE(req: Request, ctx: Ctx) {
  const { id, assignmentId } = await ctx.params;
  return teacherAction(req, { what: 'delete the assignment' }, (user) => deleteAssignment(user, id, assignmentId));
}
