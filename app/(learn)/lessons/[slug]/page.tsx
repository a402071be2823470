import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { LessonContent } from '@/app/_components/lesson/lesson-content';
import { labCatalog } from '@/lib/content/lab-catalog';
import { getCategoryTree, getLessonBySlug, type LessonView } from '@/lib/content/queries';
import { renderLesson, type RenderedLesson } from '@/lib/content/render';
import { decodeSlugParam, lessonUrl } from '@/lib/content/slug';
import { CategoryNav, categoryHref } from '../category-nav';
import '../lesson.css';

// Static: rendered on first request, kept in Next's cache and revalidated by every lesson write
// (lib/content/revalidate.ts). Nothing here reads cookies — the header and lab scores are fetched
// by the browser — and LAYERLAB_REQUIRE_SIGN_IN is enforced by proxy.ts before the cache.
export const dynamicParams = true;
export async function generateStaticParams(): Promise<{ slug: string }[]> {
  return []; // none at build time (the build needs no database); each lesson is cached on first visit
}

type Props = { params: Promise<{ slug: string }> };

/** One query per render for the page and its metadata. */
const lessonBySlug = cache((slug: string) => getLessonBySlug(slug));

export async function generateMetadata(props: Props): Promise<Metadata> {
  const { slug } = await props.params;
  const lesson = await lessonBySlug(decodeSlugParam(slug)).catch(() => null);
  if (!lesson) return { title: 'Lesson not found' };
  const url = lessonUrl(lesson.slug);
  return {
    title: lesson.title,
    description: lesson.description || undefined,
    alternates: { canonical: url },
    openGraph: {
      type: 'article',
      title: lesson.title,
      description: lesson.description || undefined,
      url,
      siteName: 'LayerLab',
      locale: 'ko_KR',
      authors: lesson.authorNick ? [lesson.authorNick] : undefined,
      modifiedTime: lesson.updatedAt.toISOString(),
    },
  };
}

export default async function LessonPage(props: Props) {
  const slug = decodeSlugParam((await props.params).slug);
  const lesson = await lessonBySlug(slug);
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
          <LessonContent rendered={rendered} className="lesson-body prose" />
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
    return await renderLesson(lesson.body, { format: lesson.format === 'mdx' ? 'mdx' : 'md', cacheKey: lesson.contentHash });
  } catch (err) {
    console.error(`Rendering lesson ${lesson.slug} failed`, err);
    return { error: err instanceof Error ? err.message : 'Unknown rendering error.' };
  }
}

/** Labs whose lab.yaml points at this lesson; none if the labs cannot be listed. */
async function labsFor(slug: string): Promise<{ id: string; title: string }[]> {
  try {
    const labs = await labCatalog();
    return labs
      .filter((lab) => lab.lesson?.slug && decodeSlugParam(lab.lesson.slug) === slug)
      .map((lab) => ({ id: lab.id, title: lab.title }));
  } catch (err) {
    console.error('Listing labs for a lesson failed', err);
    return [];
  }
}
