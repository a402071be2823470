import { removeCoTeacher } from '@/lib/classes/people';
import { teacherAction } from '@/lib/http/class-route';

export const dynamic = 'force-dynamic';

/** DELETE → 200 {ok}; 409 when it would leave the class without a teacher. */
export async function DELETE(req: Request, ctx: { params: Promise<{ id: string; userId: string }> }) {
  const { id, userId } = await ctx.params;
  return teacherAction(req, { what: 'remove the teacher' }, (user) => removeCoTeacher(user, id, userId));
}
