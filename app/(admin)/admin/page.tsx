import type { Metadata } from 'next';
import Link from 'next/link';
import { requireUser } from '@/lib/auth/session';
import { db, Role } from '@/lib/db/index';
import { StudioNav } from './_components/studio-nav';
import { AccountsNav } from './users/_components/accounts-nav';
import './studio.css';
import { TableWrap } from '@/app/_components/table-wrap';

export const metadata: Metadata = { title: 'Admin' };
export const dynamic = 'force-dynamic';

/** A read-only overview for admins: accounts, classrooms, and where lessons are managed. */
export default async function AdminPage() {
  await requireUser([Role.ADMIN], '/admin');
  const [users, classrooms, queued, running] = await Promise.all([
    db.user.findMany({
      orderBy: [{ role: 'asc' }, { email: 'asc' }],
      select: { id: true, name: true, email: true, role: true, memberships: { select: { classroom: { select: { name: true } } } }, _count: { select: { submissions: true } } },
    }),
    db.classroom.findMany({
      orderBy: { name: 'asc' },
      select: { id: true, name: true, teachers: { select: { user: { select: { name: true, email: true } } } }, _count: { select: { members: true } } },
    }),
    db.submission.count({ where: { status: 'QUEUED' } }),
    db.submission.count({ where: { status: 'RUNNING' } }),
  ]);
  return (
    <section>
      <h1>Admin</h1>
      <p className="muted">
        Grading queue: {queued} queued, {running} running. Student progress is on the <Link href="/teacher">Teacher</Link> page.
      </p>

      <h2>Accounts and settings</h2>
      <AccountsNav />

      <h2>Content studio</h2>
      <StudioNav />

      <h2>Classrooms</h2>
      {classrooms.length === 0 ? (
        <p className="empty">No classrooms.</p>
      ) : (
        <TableWrap label="Classrooms">
          <table data-testid="admin-classrooms">
            <thead>
              <tr>
                <th>Classroom</th>
                <th>Teacher</th>
                <th className="num">Students</th>
              </tr>
            </thead>
            <tbody>
              {classrooms.map((c) => (
                <tr key={c.id}>
                  <td>{c.name}</td>
                  <td>{c.teachers.length > 0 ? c.teachers.map((t) => `${t.user.name} (${t.user.email})`).join(', ') : <span className="empty">none</span>}</td>
                  <td className="num">{c._count.members}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}

      <h2>Accounts</h2>
      <TableWrap label="Accounts" long>
        <table data-testid="admin-users">
          <thead>
            <tr>
              <th>Name</th>
              <th>Email</th>
              <th>Role</th>
              <th>Classes</th>
              <th className="num">Submissions</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>{u.name}</td>
                <td>{u.email}</td>
                <td>{u.role.toLowerCase()}</td>
                <td>{u.memberships.map((m) => m.classroom.name).join(', ') || '—'}</td>
                <td className="num">{u._count.submissions}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}
