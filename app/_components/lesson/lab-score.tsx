'use client';

import Link from 'next/link';
import { formatScore } from '@/lib/submissions/aggregate';
import { useMe } from '../use-me';

/** The signed-in student's best score on a lab, loaded in the browser (the lesson page stays static). */
export function LabScore({ labId }: { labId: string }) {
  const me = useMe();
  if (!me) return <span className="lab-card__score muted" aria-busy="true">&nbsp;</span>;
  if (!me.user) {
    return (
      <span className="lab-card__score muted">
        <Link href={`/login?callbackUrl=${encodeURIComponent(`/labs/${labId}`)}`}>Sign in</Link> to submit and keep your score.
      </span>
    );
  }
  const p = me.labs[labId];
  if (!p || p.best == null) return <span className="lab-card__score muted" data-testid="lab-score">Not attempted yet.</span>;
  return (
    <span className="lab-card__score" data-testid="lab-score">
      Your best: {p.bestId ? <Link href={`/submissions/${p.bestId}`}>{formatScore(p.best, p.maxScore)}</Link> : formatScore(p.best, p.maxScore)}
    </span>
  );
}
