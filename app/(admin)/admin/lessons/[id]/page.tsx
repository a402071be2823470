import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requireUser } from '@/lib/auth/session';
import { requestNonce } from '@/lib/http/csp-nonce';
import { db, Role } from '@/lib/db/index';
import { lessonUrl } from '@/lib/content/slug';
import { LessonDeleteToggle } from '../../_components/lesson-actions';
import { LessonEditor } from '../../_components/lesson-editor';
import { StudioNav } from '../../_components/studio-nav';
import '@/app/(learn)/lessons/lesson.css';
import '../../studio.css';

export const metadata: Metadata = { title: 'Edit lesson · Studio' };
export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ id: string }> };

/** Edit a lesson: its current revision's document in the editor. */
export default async function EditLessonPage(props: Props) {
  const { id } = await props.params;
  await requireUser([Role.ADMIN], `/admin/lessons/${encodeURIComponent(id)}`);
  const lesson = await db.lesson.findUnique({
    where: { id },
    select: { id: true, slug: true, title: true, revision: true, deletedAt: true, revisions: { select: { revision: true, source: true } } },
  });
  if (!lesson) notFound();
  const current = lesson.revisions.find((r) => r.revision === lesson.revision);
  return (
    <section>
      <h1>Edit: {lesson.title}</h1>
      <StudioNav />
      <p className="studio-inline-form">
        <span>Revision {lesson.revision}</span>
        <Link href={`/admin/lessons/${lesson.id}/revisions`}>Revisions and diff</Link>
        {lesson.deletedAt ? (
          <strong className="error-text" data-testid="deleted-banner">Deleted: hidden from the site until restored.</strong>
        ) : (
          <Link href={lessonUrl(lesson.slug)}>View on the site</Link>
        )}
        <LessonDeleteToggle lessonId={lesson.id} deleted={lesson.deletedAt !== null} title={lesson.title} />
      </p>
      <LessonEditor nonce={await requestNonce()} lessonId={lesson.id} initialSource={current?.source ?? ''} />
    </section>
  );
}
