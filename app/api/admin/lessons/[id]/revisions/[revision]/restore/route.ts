import { restoreRevision } from '@/lib/content/revisions';
import { adminWrite, errorResponse, json , written } from '@/lib/http/admin-route';
import { RevisionNumber } from '@/lib/validations/studio';

export const dynamic = 'force-dynamic';

/** Make an old revision current again; this writes a new revision (note "restored revision N"). */
export async function POST(req: Request, ctx: { params: Promise<{ id: string; revision: string }> }) {
  const auth = await adminWrite(req);
  if (auth.response) return auth.response;
  const { id, revision } = await ctx.params;
  const n = RevisionNumber.safeParse(revision);
  if (!n.success) return json({ error: 'The revision must be a whole number from 1.' }, 400);
  try {
    return written(await restoreRevision(id, n.data, { actorId: auth.user.id }));
  } catch (err) {
    return errorResponse(err, 'restore the revision');
  }
}
