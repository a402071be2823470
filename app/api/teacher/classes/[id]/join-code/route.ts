import { rotateJoinCode } from '@/lib/classes/classes';
import { json } from '@/lib/http/admin-route';
import { classErrorResponse, teacherWrite } from '@/lib/http/class-route';

export const dynamic = 'force-dynamic';

/** POST → 200 {joinCode}: a new join code; the old one stops working. */
export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const auth = await teacherWrite(req);
  if (auth.response) return auth.response;
  const { id } = await ctx.params;
  try {
    return json({ joinCode: await rotateJoinCode(auth.user, id) });
  } catch (err) {
    return classErrorResponse(err, 'rotate the join code');
  }
}
