import { rotateJoinCode } from '@/lib/classes/classes';
import { teacherAction } from '@/lib/http/class-route';

export const dynamic = 'force-dynamic';

/** POST → 200 {joinCode}: a new join code; the old one stops working. */
export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const { id } = await ctx.params;
  return teacherAction(req, { what: 'rotate the join code' }, async (user) => ({ joinCode: await rotateJoinCode(user, id) }));
}
