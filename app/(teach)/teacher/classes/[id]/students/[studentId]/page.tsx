import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { StatusBadge } from '@/app/_components/status-badge';
import { requireUser } from '@/lib/auth/session';
import { Role, type SubmissionStatus } from '@/lib/db/index';
import { loadStudentTimeline } from '@/lib/gradebook/load';
import { shortLabVersion } from '@/lib/labs/version';
import { formatScore } from '@/lib/submissions/aggregate';
import { ClassCrumbs } from '../../../_gradebook/crumbs';
import { formatInZone } from '../../../_gradebook/format';
import '../../../_gradebook/gradebook.css';

export const metadata: Metadata = { title: 'Student timeline' };
export const dynamic = 'force-dynamic';

/** A student's attempts (and regrades) on the class's assigned labs, newest first, each linked. */
export default async function StudentTimelinePage(props: { params: Promise<{ id: string; studentId: string }> }) {
  const { id, studentId } = await props.params;
  const base = `/teacher/classes/${encodeURIComponent(id)}`;
  const viewer = await requireUser([Role.TEACHER, Role.ADMIN], `${base}/students/${encodeURIComponent(studentId)}`);
  const t = await loadStudentTimeline(viewer, id, studentId);
  if (!t) notFound();
  const tz = t.classroom.timeZone;
  return (
    <section>
      <ClassCrumbs classroom={t.classroom} trail={[{ label: t.student.name }]} />
      <h1 className="nowrap">{t.student.name}</h1>
      <p className="muted">
        {t.student.email} · attempts on the labs assigned in {t.classroom.name}, newest first. Times in {tz}.
      </p>
      {t.entries.length === 0 ? (
        <p className="empty">No submission yet.</p>
      ) : (
        <ol className="timeline" data-testid="timeline">
          {t.entries.map((e) => (
            <li key={e.id} className={e.kind === 'REGRADE' ? 'regrade' : undefined} data-kind={e.kind}>
              <div>
                <span className="when">{formatInZone(e.createdAt, tz)}</span> ·{' '}
                <Link href={`${base}/labs/${encodeURIComponent(e.labId)}`}>{e.labTitle}</Link> ·{' '}
                <Link href={`/submissions/${e.id}`} data-testid="timeline-link">
                  {e.kind === 'REGRADE' ? 'regrade' : 'attempt'} #{e.id.slice(-8)}
                </Link>
              </div>
              <div className="muted">
                <StatusBadge status={e.status as SubmissionStatus} /> {e.status === 'GRADED' ? formatScore(e.score, e.maxScore) : null}
                {e.late ? (
                  <>
                    {' '}
                    <span className="tag tag--late">late</span>
                  </>
                ) : null}
                {e.kind === 'REGRADE' && e.regradeOfId ? (
                  <>
                    {' '}
                    · regrade of <Link href={`/submissions/${e.regradeOfId}`}>#{e.regradeOfId.slice(-8)}</Link>
                  </>
                ) : null}
                {e.labVersion ? <> · lab version <code>{shortLabVersion(e.labVersion)}</code></> : null}
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
