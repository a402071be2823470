import Link from 'next/link';
import { RegradeButton } from '@/app/_components/regrade-button';
import type { SessionUser } from '@/lib/auth/session';
import type { SubmissionKind } from '@/lib/db/index';
import { shortLabVersion } from '@/lib/labs/version';
import { regradeLinks } from '@/lib/submissions/regrade';

/**
 * Under a submission's heading: the lab version it was graded against, "regrade of #…" /
 * "regraded: see #…" links, and for a teacher of the student's class or an admin a regrade
 * button when the lab changed since.
 */
export async function RegradeInfo({ viewer, submission }: { viewer: SessionUser; submission: { id: string; kind: SubmissionKind; regradeOfId: string | null; labId: string; labVersion: string | null } }) {
  const links = await regradeLinks(viewer, submission);
  const others = links.regrades.filter((r) => r.id !== submission.id);
  return (
    <p className="muted" data-testid="regrade-info">
      Lab version <code data-testid="submission-lab-version">{shortLabVersion(submission.labVersion)}</code>
      {links.currentVersion && submission.labVersion && links.currentVersion !== submission.labVersion ? (
        <> (the lab has changed since: now <code>{shortLabVersion(links.currentVersion)}</code>)</>
      ) : null}
      {links.regradeOf ? (
        <>
          {' '}
          · regrade of{' '}
          <Link href={`/submissions/${links.regradeOf}`} data-testid="regrade-of">
            #{links.regradeOf.slice(-8)}
          </Link>
        </>
      ) : null}
      {others.length > 0 ? (
        <>
          {' '}
          · regraded: see{' '}
          {others.map((r, i) => (
            <span key={r.id}>
              {i > 0 ? ', ' : ''}
              <Link href={`/submissions/${r.id}`} data-testid="regraded-as">
                #{r.id.slice(-8)}
              </Link>
            </span>
          ))}
        </>
      ) : null}
      {links.mayRegrade ? (
        <>
          {' '}
          {/* Rendered whenever the viewer may regrade (disabled when nothing applies), so its answer survives the refresh. */}
          <RegradeButton
            url={`/api/teacher/submissions/${encodeURIComponent(submission.id)}/regrade`}
            label="Regrade against the current lab"
            testId="regrade-submission"
            disabled={!links.canRegrade}
          />
        </>
      ) : null}
    </p>
  );
}
