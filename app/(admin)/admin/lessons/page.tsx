import type { Metadata } from 'next';
import Link from 'next/link';
import { requireUser } from '@/lib/auth/session';
import { db, Role } from '@/lib/db/index';
import { lessonUrl } from '@/lib/content/slug';
import { LessonDeleteToggle } from '../_components/lesson-actions';
import { StudioNav } from '../_components/studio-nav';
import '../studio.css';
import { TableWrap } from '@/app/_components/table-wrap';

export const metadata: Metadata = { title: 'Lessons · Studio' };
export const dynamic = 'force-dynamic';

/** Every lesson, deleted ones included, with edit / revisions / delete-restore. */
export default async function StudioLessonsPage() {
  await requireUser([Role.ADMIN], '/admin/lessons');
  const lessons = await db.lesson.findMany({
    orderBy: [{ deletedAt: { sort: 'desc', nulls: 'first' } }, { updatedAt: 'desc' }],
    select: { id: true, slug: true, title: true, revision: true, updatedAt: true, deletedAt: true, category: { select: { path: true } } },
  });
  return (
    <section>
      <h1>Lessons</h1>
      <StudioNav />
      {lessons.length === 0 ? (
        <p className="empty">No lessons yet. <Link href="/admin/lessons/new">Write the first one</Link> or import documents.</p>
      ) : (
        <TableWrap label="Lessons" long>
          <table data-testid="studio-lessons">
            <thead>
              <tr>
                <th>Title</th>
                <th>Category</th>
                <th className="num">Revision</th>
                <th>Updated</th>
                <th>Actions</th>
              </tr>
            </thead>
            <tbody>
              {lessons.map((l) => (
                <tr key={l.id} data-slug={l.slug}>
                  <td>
                    <Link href={`/admin/lessons/${l.id}`}>{l.title}</Link>
                    {l.deletedAt && <span className="muted"> (deleted)</span>}
                  </td>
                  <td><code>{l.category.path}</code></td>
                  <td className="num">{l.revision}</td>
                  <td><time dateTime={l.updatedAt.toISOString()}>{l.updatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC</time></td>
                  <td>
                    <Link href={`/admin/lessons/${l.id}/revisions`}>Revisions</Link>{' · '}
                    {!l.deletedAt && <><Link href={lessonUrl(l.slug)}>View</Link>{' · '}</>}
                    <LessonDeleteToggle lessonId={l.id} deleted={l.deletedAt !== null} title={l.title} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}
