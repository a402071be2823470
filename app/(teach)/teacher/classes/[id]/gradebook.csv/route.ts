import { requireApiUser } from '@/lib/auth/session';
import { Role } from '@/lib/db/index';
import { attachmentDisposition, gradebookCsv, gradebookFilename } from '@/lib/gradebook/csv';
import { loadClassGradebook } from '@/lib/gradebook/load';
import { IdParam } from '@/lib/validations/regrade';

export const dynamic = 'force-dynamic';

/**
 * GET → the gradebook as CSV (UTF-8 with BOM; one row per student, one column per assignment),
 * as a download named after the class. Teachers of the class and admins; 401/403/404 otherwise.
 */
export async function GET(_req: Request, ctx: { params: Promise<{ id: string }> }) {
  const auth = await requireApiUser([Role.TEACHER, Role.ADMIN]);
  if (auth.response) return auth.response;
  const { id } = await ctx.params;
  const notFound = () => Response.json({ error: 'The class was not found.' }, { status: 404, headers: { 'Cache-Control': 'no-store' } });
  if (!IdParam.safeParse(id).success) return notFound();
  const data = await loadClassGradebook(auth.user, id);
  if (!data) return notFound();
  return new Response(gradebookCsv(data.gradebook), {
    status: 200,
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': attachmentDisposition(gradebookFilename(data.classroom.name)),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
