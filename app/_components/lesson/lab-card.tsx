import Link from 'next/link';
import { labSummary } from '@/lib/content/lab-catalog';
import { InlineCodeText } from '../text';
import { LabScore } from './lab-score';

/** <Lab id>: the lab's card — title, summary, the reader's best score (client-side), a start link. */
export async function LabCard({ lab: id }: { lab?: string }) {
  const lab = id ? await labSummary(id).catch(() => null) : null;
  if (!id || !lab) {
    return (
      <section className="lab-card lab-card--missing" data-testid="lab-card">
        <p className="muted">The lab “{id ?? '?'}” is not available.</p>
      </section>
    );
  }
  const href = `/labs/${encodeURIComponent(lab.id)}`;
  return (
    <section className="lab-card" aria-label={`Lab: ${lab.title}`} data-testid="lab-card">
      <p className="lab-card__kicker">Lab</p>
      <p className="lab-card__title">
        <Link href={href}>{lab.title}</Link>
      </p>
      {lab.summary ? (
        <p className="lab-card__summary">
          <InlineCodeText text={lab.summary} />
        </p>
      ) : null}
      <p className="lab-card__footer">
        <LabScore labId={lab.id} />
        <Link className="button button--small" href={href}>
          Start the lab
        </Link>
      </p>
    </section>
  );
}
