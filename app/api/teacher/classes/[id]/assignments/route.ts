import { createAssignment } from '@/lib/classes/assignments';
import { teacherAction } from '@/lib/http/class-route';
import { AssignmentSchema } from '@/lib/validations/classes';

export const dynamic = 'force-dynamic';

/** POST {labId, opensAt?, dueAt?, latePolicy} (dates in the class's zone) → 201 {id}. */
export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const { id } = await ctx.params;
  return teacherAction(req, { what: 'assign the lab', schema: AssignmentSchema, status: 201 }, (user, body) => createAssignment(user, id, body));
}
