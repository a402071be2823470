import { requireApiUser } from '@/lib/auth/session';
import { readingRequiresSignIn } from '@/lib/env';
import { findLab } from '@/lib/submissions/labs';

export const dynamic = 'force-dynamic';

/**
 * Download one starter file as an attachment. Only paths listed in the lab's starter files are
 * served, looked up by exact string: nothing is read from disk by a user-supplied path.
 */
export async function GET(_req: Request, ctx: { params: Promise<{ labId: string; path: string[] }> }) {
  // Starter files are part of the public lab description (unless LAYERLAB_REQUIRE_SIGN_IN).
  if (readingRequiresSignIn()) {
    const auth = await requireApiUser();
    if (auth.response) return auth.response;
  }
  const { labId, path } = await ctx.params;
  const wanted = path.join('/'); // Next has already decoded each segment
  const lab = await findLab(labId);
  const file = lab?.starterFiles?.find((f) => f.path === wanted);
  if (!lab || !file || wanted.split('/').some((p) => p === '..' || p === '.' || p === '')) {
    return Response.json({ error: 'Not found.' }, { status: 404 });
  }
  const base = file.path.split('/').pop() || 'file';
  const ascii = base.replace(/[^A-Za-z0-9._-]/g, '_');
  return new Response(file.content, {
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(base)}`,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    },
  });
}

