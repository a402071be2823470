import { listRevisions } from '@/lib/content/revisions';
import { adminRead, errorResponse, json } from '@/lib/http/admin-route';

export const dynamic = 'force-dynamic';

/** Every revision of a lesson, newest first: {revision, createdAt, author, note, current}. */
export async function GET(_req: Request, ctx: { params: Promise<{ id: string }> }) {
  const auth = await adminRead();
  if (auth.response) return auth.response;
  const { id } = await ctx.params;
  try {
    return json({ revisions: await listRevisions(id) });
  } catch (err) {
    return errorResponse(err, 'list the revisions');
  }
}
