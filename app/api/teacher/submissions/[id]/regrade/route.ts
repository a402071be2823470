import { regradeRoute } from '@/lib/http/regrade-route';
import { regradeSubmission } from '@/lib/submissions/regrade';
import { RegradeSubmissionParams } from '@/lib/validations/regrade';

export const dynamic = 'force-dynamic';

/** POST {} → 202 {id, url}: regrade this attempt against the current lab (teacher of the student's class, admin). */
export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }) {
  return regradeRoute(req, await ctx.params, RegradeSubmissionParams, async (user, { id }) => {
    const made = await regradeSubmission(user, id);
    return { status: 202, body: { id: made.id, url: `/submissions/${made.id}` } };
  });
}
