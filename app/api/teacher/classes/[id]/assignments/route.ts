import { createAssignment } from '@/lib/classes/assignments';
import { json, readJsonBody } from '@/lib/http/admin-route';
import { classErrorResponse, teacherWrite } from '@/lib/http/class-route';
import { AssignmentSchema } from '@/lib/validations/classes';

export const dynamic = 'force-dynamic';

/** POST {labId, opensAt?, dueAt?, latePolicy} (dates in the class's zone) → 201 {id}. */
export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const auth = await teacherWrite(req);
  if (auth.response) return auth.response;
  const body = await readJsonBody(req, AssignmentSchema, 4 * 1024);
  if (body.response) return body.response;
  const { id } = await ctx.params;
  try {
    return json(await createAssignment(auth.user, id, body.data), 201);
  } catch (err) {
    return classErrorResponse(err, 'assign the lab');
  }
}
