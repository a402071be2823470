import { deleteLesson } from '@/lib/content/soft-delete';
import { adminWrite, errorResponse, json , written } from '@/lib/http/admin-route';

export const dynamic = 'force-dynamic';

/** Soft-delete a lesson: it vanishes from public pages and can be restored (POST …/restore). */
export async function DELETE(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const auth = await adminWrite(req);
  if (auth.response) return auth.response;
  const { id } = await ctx.params;
  try {
    return written(await deleteLesson(id));
  } catch (err) {
    return errorResponse(err, 'delete the lesson');
  }
}
