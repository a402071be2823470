import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requireUser } from '@/lib/auth/session';
import { Role } from '@/lib/db/index';
import type { GradebookAssignment, GradebookCell } from '@/lib/gradebook/grades';
import { loadClassGradebook } from '@/lib/gradebook/load';
import { ClassCrumbs } from '../../_gradebook/crumbs';
import { formatInZone, formatPoints } from '../../_gradebook/format';
import '../../_gradebook/gradebook.css';

export const metadata: Metadata = { title: 'Gradebook' };
export const dynamic = 'force-dynamic';

/** Students × the class's assigned labs (teachers of the class and admins; anyone else 404). */
export default async function GradebookPage(props: { params: Promise<{ id: string }> }) {
  const { id } = await props.params;
  const base = `/teacher/classes/${encodeURIComponent(id)}`;
  const viewer = await requireUser([Role.TEACHER, Role.ADMIN], `${base}/gradebook`);
  const data = await loadClassGradebook(viewer, id);
  if (!data) notFound(); // not this teacher's class: no existence leak
  const { classroom, gradebook } = data;
  const tz = classroom.timeZone;
  return (
    <section>
      <ClassCrumbs classroom={classroom} />
      <h1>Gradebook: {classroom.name}</h1>
      <p className="muted">
        Best score per assigned lab (a regraded attempt counts with its newest grade), attempts (graded submissions only;
        regrades and grader failures are not attempts), <span className="tag tag--late">late</span> submissions after the
        due date, and the last submission. Times in {tz}.
      </p>
      <div className="toolbar">
        <a className="button button--small" href={`${base}/gradebook.csv`} download data-testid="gradebook-csv">
          Download CSV
        </a>
        <span className="muted">
          {gradebook.rows.length} student{gradebook.rows.length === 1 ? '' : 's'} · {gradebook.assignments.length} assigned lab
          {gradebook.assignments.length === 1 ? '' : 's'}
        </span>
      </div>
      {gradebook.assignments.length === 0 ? (
        <p className="empty">No lab is assigned to this class yet.</p>
      ) : gradebook.rows.length === 0 ? (
        <p className="empty">No student has joined this class yet.</p>
      ) : (
        <div className="gradebook-wrap" data-testid="gradebook-wrap" role="region" tabIndex={0} aria-label="Gradebook (scrolls sideways)">
          <table className="gradebook" data-testid="gradebook">
            <thead>
              <tr>
                <th scope="col">Student</th>
                {gradebook.assignments.map((a) => (
                  <th scope="col" key={a.labId} data-lab={a.labId}>
                    <Link href={`${base}/labs/${encodeURIComponent(a.labId)}`}>{a.title}</Link>
                    <div className="muted">{a.dueAt ? `due ${formatInZone(a.dueAt, tz)}` : 'no due date'}</div>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {gradebook.rows.map(({ student, cells }) => (
                <tr key={student.id} data-student={student.email}>
                  <th scope="row">
                    <Link href={`${base}/students/${encodeURIComponent(student.id)}`} className="student-name" title={`${student.name} <${student.email}>`} data-testid="student-name">
                      {student.name}
                    </Link>
                  </th>
                  {gradebook.assignments.map((a) => (
                    <Cell key={a.labId} assignment={a} cell={cells[a.labId]} tz={tz} />
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Cell({ assignment, cell, tz }: { assignment: GradebookAssignment; cell: GradebookCell; tz: string }) {
  if (!cell.lastActivity) {
    return (
      <td data-lab={assignment.labId}>
        <span className="empty">not started</span>
      </td>
    );
  }
  const max = cell.maxScore ?? assignment.maxScore;
  const full = cell.best !== null && max !== null && cell.best >= max;
  const score = (
    <span className="gb-score" data-testid="best">
      {cell.best === null ? 'no grade' : `${formatPoints(cell.best)} / ${formatPoints(max)}`}
      {full ? ' ✓ full' : ''}
    </span>
  );
  return (
    <td data-lab={assignment.labId} className={full ? 'full' : cell.best === 0 ? 'zero' : undefined}>
      <div>{cell.linkId ? <Link href={`/submissions/${cell.linkId}`}>{score}</Link> : score}</div>
      <div className="muted">
        <span data-testid="attempts">{cell.attempts}</span> attempt{cell.attempts === 1 ? '' : 's'}
        {cell.late > 0 ? (
          <>
            {' '}
            <span className="tag tag--late" data-testid="late">late ×{cell.late}</span>
          </>
        ) : null}
        {cell.pending ? (
          <>
            {' '}
            <span className="tag tag--pending">grading…</span>
          </>
        ) : null}
        {cell.outdated > 0 ? (
          <>
            {' '}
            <span className="tag tag--outdated" title="graded against an earlier version of the lab">old lab ×{cell.outdated}</span>
          </>
        ) : null}
      </div>
      <div className="muted" data-testid="last-activity">last {formatInZone(cell.lastActivity, tz)}</div>
    </td>
  );
}
