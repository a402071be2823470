import { removeStudent } from '@/lib/classes/people';
import { teacherAction } from '@/lib/http/class-route';

export const dynamic = 'force-dynamic';

/** DELETE → 200 {ok}: the student leaves the class (their submissions stay). */
export async function DELETE(req: Request, ctx: { params: Promise<{ id: string; userId: string }> }) {
  const { id, userId } = await ctx.params;
  return teacherAction(req, { what: 'remove the student' }, (user) => removeStudent(user, id, userId));
}
