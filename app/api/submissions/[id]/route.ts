import { requireApiUser } from '@/lib/auth/session';
import { toSubmissionView } from '@/lib/submissions/dto';
import { getSubmissionForViewer } from '@/lib/submissions/get';

export const dynamic = 'force-dynamic';

/** The viewer-scoped state of one submission, polled by the submission page. */
export async function GET(_req: Request, ctx: { params: Promise<{ id: string }> }) {
  const auth = await requireApiUser();
  if (auth.response) return auth.response;
  const { id } = await ctx.params;
  const submission = await getSubmissionForViewer(id, auth.user);
  if (!submission) {
    return Response.json({ error: 'Not found.' }, { status: 404, headers: { 'Cache-Control': 'no-store' } });
  }
  return Response.json(toSubmissionView(submission), { headers: { 'Cache-Control': 'no-store' } });
}
