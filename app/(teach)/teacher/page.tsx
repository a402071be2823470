import type { Metadata } from 'next';
import Link from 'next/link';
import { StatusBadge } from '@/app/_components/status-badge';
import { requireUser } from '@/lib/auth/session';
import { Role } from '@/lib/db/index';
import { formatScore, type LabProgress } from '@/lib/submissions/aggregate';
import { getProgressTable } from '@/lib/submissions/progress-table';
import { TableWrap } from '@/app/_components/table-wrap';

export const metadata: Metadata = { title: 'Teacher' };
export const dynamic = 'force-dynamic';

export default async function TeacherPage() {
  const user = await requireUser([Role.TEACHER, Role.ADMIN], '/teacher');
  const table = await getProgressTable(user);
  return (
    <section>
      <h1>Student progress</h1>
      <p className="muted">
        Best score per lab, and attempts (graded submissions only; failures of the grading infrastructure do not
        count).
        {user.role === Role.ADMIN ? ' As an admin you see every classroom.' : ' Students of the classrooms you teach.'}
      </p>
      {table.classrooms.length === 0 ? (
        <p className="empty">You do not teach any classroom yet.</p>
      ) : (
        <TableWrap label="Student progress" long>
          <table className="progress-table" data-testid="progress-table">
            <thead>
              <tr>
                <th>Student</th>
                {table.labs.map((lab) => (
                  <th key={lab.id} title={lab.id}>
                    {lab.title}
                  </th>
                ))}
              </tr>
            </thead>
            {table.classrooms.map((c) => (
              <tbody key={c.id} data-classroom={c.name}>
                <tr className="group-row">
                  <th colSpan={table.labs.length + 1} scope="colgroup">
                    {c.name} <span className="muted">({c.students.length} students)</span>
                  </th>
                </tr>
                {c.students.length === 0 ? (
                  <tr>
                    <td colSpan={table.labs.length + 1} className="empty">
                      No students in this classroom.
                    </td>
                  </tr>
                ) : (
                  c.students.map((s) => (
                    <tr key={s.id} data-student={s.email}>
                      <th scope="row">
                        {s.name}
                        <div className="muted">{s.email}</div>
                      </th>
                      {table.labs.map((lab) => (
                        <ProgressCell key={lab.id} labId={lab.id} p={s.cells[lab.id]} />
                      ))}
                    </tr>
                  ))
                )}
              </tbody>
            ))}
          </table>
        </TableWrap>
      )}
    </section>
  );
}

function ProgressCell({ labId, p }: { labId: string; p: LabProgress }) {
  if (p.total === 0) {
    return (
      <td data-lab={labId}>
        <span className="empty">not started</span>
      </td>
    );
  }
  const score = <span data-testid="best">{formatScore(p.best, p.maxScore)}</span>;
  return (
    <td data-lab={labId}>
      <div>{p.linkId ? <Link href={`/submissions/${p.linkId}`}>{score}</Link> : score}</div>
      <div className="muted">
        <span data-testid="attempts">{p.attempts}</span> {p.attempts === 1 ? 'attempt' : 'attempts'}
      </div>
      {p.latestStatus && p.latestStatus !== 'GRADED' ? (
        <div>
          latest:{' '}
          {p.latestId ? (
            <Link href={`/submissions/${p.latestId}`}>
              <StatusBadge status={p.latestStatus} />
            </Link>
          ) : (
            <StatusBadge status={p.latestStatus} />
          )}
        </div>
      ) : null}
    </td>
  );
}
