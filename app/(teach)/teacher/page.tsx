import type { Metadata } from 'next';
import '@/app/_components/classes.css';
import Link from 'next/link';
import { requireUser } from '@/lib/auth/session';
import { listManagedClasses, type ClassSummary } from '@/lib/classes/classes';
import { DEFAULT_CLASS_TIME_ZONE } from '@/lib/classes/time-zone';
import { Role } from '@/lib/db/index';
import { demoMode } from '@/lib/env';
import { CreateClassForm } from './_components/class-actions';

export const metadata: Metadata = { title: 'Teacher' };
export const dynamic = 'force-dynamic';

/** Demo installs are Korean classrooms; elsewhere a new class starts in UTC until the teacher picks a zone. */
function defaultTimeZone(): string {
  return demoMode() ? 'Asia/Seoul' : DEFAULT_CLASS_TIME_ZONE;
}

export default async function TeacherPage() {
  const user = await requireUser([Role.TEACHER, Role.ADMIN], '/teacher');
  const { active, archived } = await listManagedClasses(user);
  return (
    <section>
      <h1>Classes</h1>
      <p className="muted">{user.role === Role.ADMIN ? 'As an admin you see every class.' : 'The classes you teach.'}</p>
      {active.length === 0 ? <p className="empty">No classes yet: create one below.</p> : <ClassTable rows={active} testId="classes" />}

      <h2>New class</h2>
      <CreateClassForm defaultTimeZone={defaultTimeZone()} zones={Intl.supportedValuesOf('timeZone')} />

      {archived.length > 0 ? (
        <>
          <h2>Archived classes</h2>
          <ClassTable rows={archived} testId="archived-classes" />
        </>
      ) : null}
    </section>
  );
}

function ClassTable({ rows, testId }: { rows: ClassSummary[]; testId: string }) {
  return (
    <div className="table-wrap" role="region" aria-label="Classes" tabIndex={0}>
      <table className="sticky-table" data-testid={testId}>
        <thead>
          <tr>
            <th>Class</th>
            <th className="num">Students</th>
            <th className="num">Assignments</th>
            <th>Time zone</th>
            <th>Teachers</th>
            <th>Gradebook</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => (
            <tr key={c.id} data-class={c.name}>
              <th scope="row" className="name">
                <Link href={`/teacher/classes/${c.id}`}>{c.name}</Link>
              </th>
              <td className="num">{c.students}</td>
              <td className="num">{c.assignments}</td>
              <td className="nowrap">{c.timeZone}</td>
              <td className="nowrap">{c.teachers.join(', ')}</td>
              <td>
                <Link href={`/teacher/classes/${c.id}/gradebook`}>Gradebook</Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
