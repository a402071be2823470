import { addCoTeacher } from '@/lib/classes/people';
import { teacherAction } from '@/lib/http/class-route';
import { AddTeacherSchema } from '@/lib/validations/classes';

export const dynamic = 'force-dynamic';

/** POST {email} → 200 {userId, name}: that TEACHER account co-teaches the class. */
export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const { id } = await ctx.params;
  return teacherAction(req, { what: 'add the teacher', schema: AddTeacherSchema }, (user, body) => addCoTeacher(user, id, body.email));
}
