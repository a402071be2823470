import { z } from 'zod';
import { getRevisionSource } from '@/lib/content/revisions';
import { diffTexts } from '@/lib/content/revision-diff';
import { adminRead, errorResponse, json } from '@/lib/http/admin-route';
import { RevisionNumber } from '@/lib/validations/studio';

export const dynamic = 'force-dynamic';

const Query = z.strictObject({ from: RevisionNumber, to: RevisionNumber });

/** A line diff between any two revisions: ?from=N&to=M → {from, to, hunks, added, removed}. */
export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const auth = await adminRead();
  if (auth.response) return auth.response;
  const q = Query.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!q.success) return json({ error: 'Give two revision numbers: ?from=1&to=2.' }, 400);
  const { id } = await ctx.params;
  try {
    const [a, b] = await Promise.all([getRevisionSource(id, q.data.from), getRevisionSource(id, q.data.to)]);
    return json({ ...q.data, ...diffTexts(a, b) });
  } catch (err) {
    return errorResponse(err, 'compare the revisions');
  }
}
