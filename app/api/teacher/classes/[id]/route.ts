import { updateClass } from '@/lib/classes/classes';
import { teacherAction } from '@/lib/http/class-route';
import { UpdateClassSchema } from '@/lib/validations/classes';

export const dynamic = 'force-dynamic';

/** PATCH {name?, timeZone?, signUpOpen?, archived?} → 200 {ok}; 404 when the caller does not teach it. */
export async function PATCH(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const { id } = await ctx.params;
  return teacherAction(req, { what: 'change the class', schema: UpdateClassSchema }, (user, body) => updateClass(user, id, body));
}
