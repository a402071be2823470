import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requireUser } from '@/lib/auth/session';
import { getCategoryTree, getLessonBySlug, type LessonView } from '@/lib/content/queries';
import { renderLessonMarkdown, type RenderedLesson } from '@/lib/content/render';
import { decodeSlugParam, lessonUrl } from '@/lib/content/slug';
import { CategoryNav, categoryHref } from '../category-nav';
import '../lesson.css';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata(props: Props): Promise<Metadata> {
  const { slug } = await props.params;
  const lesson = await getLessonBySlug(decodeSlugParam(slug)).catch(() => null);
  return { title: lesson?.title ?? 'Lesson' };
}

export default async function LessonPage(props: Props) {
  const slug = decodeSlugParam((await props.params).slug);
  await requireUser(undefined, lessonUrl(slug));
  const lesson = await getLessonBySlug(slug);
  if (!lesson) notFound();

  const [tree, labs, rendered] = await Promise.all([getCategoryTree(), labsFor(lesson.slug), render(lesson)]);
  // A categoryPath often ends with the lesson's own title; the heading already says it.
  const last = lesson.breadcrumb.at(-1);
  const crumbs = last?.name === lesson.title ? lesson.breadcrumb.slice(0, -1) : lesson.breadcrumb;

  return (
    <div className="lesson-page lesson-layout">
      <aside className="lesson-sidebar">
        <CategoryNav tree={tree} currentSlug={lesson.slug} currentPath={lesson.category.path} />
      </aside>

      <article className="lesson" data-testid="lesson">
        <nav aria-label="Breadcrumb" className="lesson-breadcrumb">
          <ol>
            <li>
              <Link href="/lessons">Lessons</Link>
            </li>
            {crumbs.map((b) => (
              <li key={b.path}>
                <Link href={categoryHref(b.path)}>{b.name}</Link>
              </li>
            ))}
          </ol>
        </nav>
        <h1>{lesson.title}</h1>
        <p className="lesson-meta muted">
          <span>{lesson.authorNick}</span>
          <span aria-hidden="true"> · </span>
          <time dateTime={lesson.authoredOn}>{lesson.authoredOn}</time>
          {lesson.revision > 1 && (
            <>
              <span aria-hidden="true"> · </span>
              <span>revision {lesson.revision}</span>
            </>
          )}
        </p>

        {labs.length > 0 && (
          <aside className="lesson-labs" aria-label="Labs for this lesson">
            <strong>Practice:</strong>{' '}
            {labs.map((lab, i) => (
              <span key={lab.id}>
                {i > 0 && ', '}
                <Link href={`/labs/${encodeURIComponent(lab.id)}`}>{lab.title}</Link>
              </span>
            ))}
          </aside>
        )}

        {'error' in rendered ? (
          <div className="lesson-error" role="alert">
            <strong>This lesson could not be displayed.</strong>
            <p>{rendered.error}</p>
          </div>
        ) : (
          <div className="lesson-body prose" dangerouslySetInnerHTML={{ __html: rendered.html }} />
        )}
      </article>

      {'toc' in rendered && rendered.toc.length > 0 && (
        <aside className="lesson-toc">
          <nav aria-label="On this page">
            <p className="lesson-toc__title">On this page</p>
            <ul>
              {rendered.toc.map((t) => (
                <li key={t.id} className={t.depth === 3 ? 'lesson-toc__sub' : undefined}>
                  <a href={`#${encodeURIComponent(t.id)}`}>{t.text}</a>
                </li>
              ))}
            </ul>
          </nav>
        </aside>
      )}
    </div>
  );
}

/** A lesson that fails to render shows an error box; the rest of the site is unaffected. */
async function render(lesson: LessonView): Promise<RenderedLesson | { error: string }> {
  try {
    return await renderLessonMarkdown(lesson.body, lesson.contentHash);
  } catch (err) {
    console.error(`Rendering lesson ${lesson.slug} failed`, err);
    return { error: err instanceof Error ? err.message : 'Unknown rendering error.' };
  }
}

/** Labs whose lab.yaml points at this lesson; none if the labs cannot be listed. */
async function labsFor(slug: string): Promise<{ id: string; title: string }[]> {
  try {
    const { listLabs } = await import('@/lib/labs/loader');
    const labs = await listLabs();
    return labs
      .filter((lab) => lab.lesson?.slug && decodeSlugParam(lab.lesson.slug) === slug)
      .map((lab) => ({ id: lab.id, title: lab.title }));
  } catch (err) {
    console.error('Listing labs for a lesson failed', err);
    return [];
  }
}
