import type { Metadata } from 'next';
import '@/app/_components/classes.css';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { formatDate } from '@/app/_components/submissions-table';
import { requireUser } from '@/lib/auth/session';
import { getManagedClass } from '@/lib/classes/classes';
import { formatInZone, instantToWallClock } from '@/lib/classes/time-zone';
import { Role } from '@/lib/db/index';
import { listLabs } from '@/lib/labs/loader';
import { ActionButton, AddTeacherForm, AssignmentForm, EditAssignment, JoinCodePanel } from '../../_components/class-actions';

export const metadata: Metadata = { title: 'Class' };
export const dynamic = 'force-dynamic';

const POLICY: Record<string, string> = { ACCEPT_LATE: 'accept, mark late', REFUSE_LATE: 'refuse late' };

export default async function ClassPage(props: { params: Promise<{ id: string }> }) {
  const { id } = await props.params;
  const user = await requireUser([Role.TEACHER, Role.ADMIN], `/teacher/classes/${encodeURIComponent(id)}`);
  const room = await getManagedClass(user, id);
  if (!room) notFound(); // also a class the viewer does not teach: no existence leak
  const labs = (await listLabs().catch(() => [])).map((l) => ({ id: l.id, title: l.title }));
  const title = new Map(labs.map((l) => [l.id, l.title]));
  const api = `/api/teacher/classes/${room.id}`;
  const archived = room.archivedAt !== null;
  const tz = room.timeZone;
  const when = (d: Date | null) => (d ? formatInZone(d, tz) : '—');

  return (
    <article>
      <p className="muted">
        <Link href="/teacher">Classes</Link> /
      </p>
      <h1>
        {room.name} {archived ? <span className="badge">archived</span> : null}
      </h1>
      <p>
        <Link className="button" href={`/teacher/classes/${room.id}/gradebook`}>
          Gradebook
        </Link>{' '}
        <span className="muted">Dates in this class are shown and entered in {tz}.</span>
      </p>

      <h2>Joining</h2>
      <JoinCodePanel classId={room.id} code={room.joinCode} archived={archived} />
      <p data-testid="sign-up-state">
        Self sign-up with the code is <strong>{room.signUpOpen ? 'open' : 'closed'}</strong> for this class.{' '}
        {archived ? null : (
          <ActionButton url={api} method="PATCH" json={{ signUpOpen: !room.signUpOpen }}>
            {room.signUpOpen ? 'Close sign-up' : 'Open sign-up'}
          </ActionButton>
        )}
      </p>

      <h2>Assignments</h2>
      {room.assignments.length === 0 ? (
        <p className="empty">No lab assigned yet.</p>
      ) : (
        <div className="table-wrap" role="region" aria-label="Assignments" tabIndex={0}>
          <table className="sticky-table" data-testid="assignments">
            <thead>
              <tr>
                <th>Lab</th>
                <th>Opens</th>
                <th>Due</th>
                <th>After due</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {room.assignments.map((a) => (
                <tr key={a.id} data-lab={a.labId}>
                  <th scope="row" className="name">
                    <Link href={`/labs/${encodeURIComponent(a.labId)}`}>{title.get(a.labId) ?? a.labId}</Link>
                  </th>
                  <td className="nowrap">{when(a.opensAt)}</td>
                  <td className="nowrap" data-testid="due">
                    {when(a.dueAt)}
                  </td>
                  <td className="nowrap">{POLICY[a.latePolicy]}</td>
                  <td className="nowrap">
                    {archived ? null : (
                      <>
                        <EditAssignment
                          classId={room.id}
                          timeZone={tz}
                          initial={{
                            id: a.id,
                            labId: a.labId,
                            opensAt: a.opensAt ? instantToWallClock(a.opensAt, tz) : '',
                            dueAt: a.dueAt ? instantToWallClock(a.dueAt, tz) : '',
                            latePolicy: a.latePolicy,
                          }}
                        />{' '}
                        <ActionButton url={`${api}/assignments/${a.id}`} method="DELETE" confirm="Delete this assignment? Submissions stay.">
                          Delete
                        </ActionButton>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {archived ? null : (
        <>
          <h3>Assign a lab</h3>
          <AssignmentForm classId={room.id} timeZone={tz} labs={labs.filter((l) => !room.assignments.some((a) => a.labId === l.id))} />
        </>
      )}

      <h2>Students ({room.members.length})</h2>
      {room.members.length === 0 ? (
        <p className="empty">No students yet: share the join code.</p>
      ) : (
        <div className="table-wrap" role="region" aria-label="Students of the class" tabIndex={0}>
          <table className="sticky-table" data-testid="roster">
            <thead>
              <tr>
                <th>Name</th>
                <th>E-mail</th>
                <th>Joined</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {room.members.map(({ user: s, joinedAt }) => (
                <tr key={s.id} data-student={s.email}>
                  <th scope="row" className="name">
                    {s.name}
                  </th>
                  <td className="nowrap">{s.email}</td>
                  <td className="nowrap">{formatDate(joinedAt)}</td>
                  <td>
                    {archived ? null : (
                      <ActionButton url={`${api}/students/${s.id}`} method="DELETE" confirm={`Remove ${s.name} from ${room.name}? Their submissions stay.`}>
                        Remove
                      </ActionButton>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>Teachers</h2>
      <ul className="plain-list" data-testid="teachers">
        {room.teachers.map(({ user: t }) => (
          <li key={t.id}>
            <span className="nowrap">{t.name}</span> <span className="muted">{t.email}</span>{' '}
            {archived || room.teachers.length <= 1 ? null : (
              <ActionButton url={`${api}/teachers/${t.id}`} method="DELETE" confirm={`Remove ${t.name} as a teacher of ${room.name}?`}>
                Remove
              </ActionButton>
            )}
          </li>
        ))}
      </ul>
      {archived ? null : <AddTeacherForm classId={room.id} />}

      <h2>Archive</h2>
      <p className="muted">
        {archived
          ? 'This class is archived: read-only, hidden from its students’ home pages, and it cannot be joined.'
          : 'Archiving makes the class read-only, hides it from its students’ home pages and stops joining. You can unarchive it.'}
      </p>
      <ActionButton url={api} method="PATCH" json={{ archived: !archived }} confirm={archived ? undefined : `Archive ${room.name}?`} ghost={false} testId="archive">
        {archived ? 'Unarchive' : 'Archive class'}
      </ActionButton>
    </article>
  );
}
