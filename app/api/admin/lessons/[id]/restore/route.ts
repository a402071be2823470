import { restoreLesson } from '@/lib/content/soft-delete';
import { adminWrite, errorResponse, json , written } from '@/lib/http/admin-route';

export const dynamic = 'force-dynamic';

/** Bring a soft-deleted lesson back (idempotent). */
export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const auth = await adminWrite(req);
  if (auth.response) return auth.response;
  const { id } = await ctx.params;
  try {
    return written(await restoreLesson(id));
  } catch (err) {
    return errorResponse(err, 'restore the lesson');
  }
}
