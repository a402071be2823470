import { isRevalidateAuthorized, revalidateLessonPages } from '@/lib/content/revalidate';
import { refuseCrossSite } from '@/lib/http/same-origin';

export const dynamic = 'force-dynamic';

const noStore = { 'Cache-Control': 'no-store' };

/**
 * POST with `Authorization: Bearer <revalidateToken()>`: drop the cached lesson pages. Called by
 * scripts that write lessons outside this process (`npm run db:seed`, the platform at start-up).
 * 204 · 401 without the token · 403 cross-site.
 */
export async function POST(req: Request) {
  const crossSite = refuseCrossSite(req);
  if (crossSite) return crossSite;
  if (!isRevalidateAuthorized(req.headers.get('authorization'))) {
    return Response.json({ error: 'A valid revalidation token is required.' }, { status: 401, headers: noStore });
  }
  await revalidateLessonPages();
  return new Response(null, { status: 204, headers: noStore });
}
