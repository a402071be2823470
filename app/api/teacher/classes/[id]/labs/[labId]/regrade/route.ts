import { regradeRoute } from '@/lib/http/regrade-route';
import { regradeLab } from '@/lib/submissions/regrade';
import { RegradeLabParams } from '@/lib/validations/regrade';

export const dynamic = 'force-dynamic';

/** POST {} → 202 {queued, upToDate, alreadyWaiting}: regrade the class's outdated attempts on this lab. */
export async function POST(req: Request, ctx: { params: Promise<{ id: string; labId: string }> }) {
  return regradeRoute(req, await ctx.params, RegradeLabParams, async (user, { id, labId }) => {
    const r = await regradeLab(user, id, labId);
    return { status: 202, body: { queued: r.queued.length, ids: r.queued, upToDate: r.upToDate, alreadyWaiting: r.alreadyWaiting } };
  });
}
