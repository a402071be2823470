import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { formatDate } from '@/app/_components/submissions-table';
import { requireUser } from '@/lib/auth/session';
import { submittedFiles, toSubmissionView } from '@/lib/submissions/dto';
import { getSubmissionForViewer } from '@/lib/submissions/get';
import { comparisonCandidates } from '@/lib/submissions/compare-load';
import { CompareWithForm } from '@/app/_components/compare-picker';
import { labTitles } from '@/lib/submissions/labs';
import { lateSubmissionIds } from '@/lib/submissions/late-marks';
import { RegradeInfo } from './regrade-info';
import { ReportView } from './report-view';
import { SubmissionLive } from './submission-live';
import './report.css';

export const metadata: Metadata = { title: 'Submission' };
export const dynamic = 'force-dynamic';

export default async function SubmissionPage(props: { params: Promise<{ id: string }> }) {
  const { id } = await props.params;
  const viewer = await requireUser(undefined, `/submissions/${encodeURIComponent(id)}`);
  const submission = await getSubmissionForViewer(id, viewer);
  if (!submission) notFound(); // also when it exists but is not the viewer's: no existence leak
  const titles = await labTitles().catch(() => new Map<string, string>());
  const files = submittedFiles(submission.files);
  const own = submission.userId === viewer.id;
  // Late by the assignments of the submitter's classes (the most lenient wins: lib/classes/late-rule.ts).
  const late = (await lateSubmissionIds(submission.userId, [submission])).has(submission.id);
  // The same person's other submissions of this lab, within the viewer's scope (lib/submissions/compare-load.ts).
  const others = (await comparisonCandidates(submission, viewer)).map((o) => ({ ...o, labId: submission.labId }));

  return (
    <article>
      <p className="muted">
        <Link href={own ? '/submissions' : '/teacher'}>{own ? 'My submissions' : 'Teacher'}</Link> /
      </p>
      <h1>
        <Link href={`/labs/${encodeURIComponent(submission.labId)}`}>{titles.get(submission.labId) ?? submission.labId}</Link>
      </h1>
      <p className="muted">
        Submitted {formatDate(submission.createdAt)}
        {late ? <> <span className="badge badge--late" data-testid="late">late</span></> : null}
        {own ? null : (
          <>
            {' '}
            by <strong>{submission.user.name}</strong> ({submission.user.email})
          </>
        )}
      </p>
      <RegradeInfo viewer={viewer} submission={submission} />
      <CompareWithForm currentId={submission.id} others={others} />

      {(() => {
        const view = toSubmissionView(submission);
        return <SubmissionLive initial={view}>{view.status === 'GRADED' ? <ReportView view={view} /> : null}</SubmissionLive>;
      })()}

      <h2>Submitted files</h2>
      {Object.entries(files).map(([name, content]) => (
        <details key={name} className="file">
          <summary>
            <code>{name}</code>
          </summary>
          <pre tabIndex={0}>
            <code>{content}</code>
          </pre>
        </details>
      ))}
    </article>
  );
}
