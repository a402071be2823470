import { getCurrentUser } from '@/lib/auth/session';
import { myProgressByLab } from '@/lib/submissions/list-mine';

export const dynamic = 'force-dynamic';

/** What the static pages personalise on the client (header, lab cards' best scores). */
export interface MeResponse {
  user: { name: string; email: string; role: 'STUDENT' | 'TEACHER' | 'ADMIN' } | null;
  /** Per lab id: the signed-in user's best graded score, its submission and the attempts. */
  labs: Record<string, { best: number | null; maxScore: number | null; bestId: string | null; attempts: number }>;
}

/**
 * GET the signed-in user (re-read from the database) and their lab progress, or `{user: null}`.
 * Private and never cached: the static lesson pages stay the same for everyone.
 */
export async function GET() {
  const headers = { 'Cache-Control': 'private, no-store' };
  const user = await getCurrentUser().catch(() => null);
  if (!user) return Response.json({ user: null, labs: {} } satisfies MeResponse, { headers });
  const progress = await myProgressByLab(user.id);
  const labs: MeResponse['labs'] = {};
  for (const [labId, p] of progress) {
    labs[labId] = { best: p.best ?? null, maxScore: p.maxScore ?? null, bestId: p.bestId ?? null, attempts: p.attempts };
  }
  return Response.json({ user: { name: user.name, email: user.email, role: user.role }, labs } satisfies MeResponse, { headers });
}
