import Link from 'next/link';
import { myAssignments } from '@/lib/classes/student-home';
import './classes.css';

/** A student's assignments across their classes, due dates in each class's zone, with status. */
export async function MyAssignments({ userId }: { userId: string }) {
  const { classes, assignments } = await myAssignments(userId);
  return (
    <section data-testid="my-assignments">
      <h2>Your assignments</h2>
      {classes.length === 0 ? (
        <p className="empty">
          You are not in a class yet. <Link href="/join">Join a class</Link> with the code your teacher gave you.
        </p>
      ) : assignments.length === 0 ? (
        <p className="empty">Your classes ({classes.map((c) => c.name).join(', ')}) have no assignments yet.</p>
      ) : (
        <div className="table-wrap" role="region" aria-label="My assignments" tabIndex={0}>
          <table className="sticky-table">
            <thead>
              <tr>
                <th>Lab</th>
                <th>Class</th>
                <th>Due</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {assignments.map((a) => (
                <tr key={a.id} data-lab={a.labId} data-class={a.className}>
                  <th scope="row" className="name">
                    <Link href={`/labs/${encodeURIComponent(a.labId)}`}>{a.labTitle}</Link>
                  </th>
                  <td className="nowrap">{a.className}</td>
                  <td className="nowrap" data-testid="due">
                    {a.dueAtText ?? 'no due date'}
                    {a.opensAtText && a.status.kind === 'not-open' ? <div className="muted">opens {a.opensAtText}</div> : null}
                    {a.dueAtText ? <div className="muted">{a.latePolicy === 'REFUSE_LATE' ? 'late work refused' : 'late work accepted, marked late'}</div> : null}
                  </td>
                  <td>
                    <span className={`badge badge--${a.status.kind}`} data-testid="status">
                      {a.status.label}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {classes.length > 0 ? (
        <p className="muted">
          In {classes.map((c) => c.name).join(', ')}. <Link href="/join">Join another class</Link>
        </p>
      ) : null}
    </section>
  );
}
