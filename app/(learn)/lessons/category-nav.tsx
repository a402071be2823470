import Link from 'next/link';
import type { CategoryNode, LessonLink } from '@/lib/content/queries';
import { lessonUrl } from '@/lib/content/slug';

/** Id of a category's section on /lessons (breadcrumbs link there). */
export function categoryAnchor(path: string): string {
  return `cat-${path}`;
}

export function categoryHref(path: string): string {
  return `/lessons#${encodeURIComponent(categoryAnchor(path))}`;
}

/**
 * The category tree with its lessons, as nested lists (server component). The current lesson is
 * highlighted (aria-current) and the categories on its path are marked.
 */
export function CategoryNav({
  tree,
  currentSlug,
  currentPath,
}: {
  tree: CategoryNode[];
  currentSlug?: string;
  /** Category.path of the current lesson. */
  currentPath?: string;
}) {
  if (tree.length === 0) return <p className="muted">No lessons yet.</p>;
  return (
    <nav className="category-nav" aria-label="Lessons">
      <CategoryList nodes={tree} currentSlug={currentSlug} currentPath={currentPath} />
    </nav>
  );
}

/**
 * A category that only holds one lesson of the same name (documents often end their categoryPath
 * with their own title): show the lesson in its place instead of the name twice.
 */
export function soleLessonOf(node: CategoryNode): LessonLink | null {
  const [only] = node.lessons;
  return node.children.length === 0 && node.lessons.length === 1 && only.title === node.name ? only : null;
}

function onPath(node: CategoryNode, currentPath?: string): boolean {
  return !!currentPath && (currentPath === node.path || currentPath.startsWith(`${node.path}/`));
}

function CategoryList({
  nodes,
  currentSlug,
  currentPath,
}: {
  nodes: CategoryNode[];
  currentSlug?: string;
  currentPath?: string;
}) {
  return (
    <ul className="category-nav__list">
      {nodes.map((node) => {
        const sole = soleLessonOf(node);
        if (sole) {
          return (
            <li key={node.id} className="category-nav__cat category-nav__cat--sole">
              <LessonItem lesson={sole} currentSlug={currentSlug} />
            </li>
          );
        }
        return (
          <li key={node.id} className={onPath(node, currentPath) ? 'category-nav__cat is-open' : 'category-nav__cat'}>
            <span className="category-nav__name">{node.name}</span>
            {node.lessons.length > 0 && (
              <ul className="category-nav__lessons">
                {node.lessons.map((l) => (
                  <li key={l.slug}>
                    <LessonItem lesson={l} currentSlug={currentSlug} />
                  </li>
                ))}
              </ul>
            )}
            {node.children.length > 0 && (
              <CategoryList nodes={node.children} currentSlug={currentSlug} currentPath={currentPath} />
            )}
          </li>
        );
      })}
    </ul>
  );
}

function LessonItem({ lesson, currentSlug }: { lesson: LessonLink; currentSlug?: string }) {
  const current = lesson.slug === currentSlug;
  return (
    <Link
      href={lessonUrl(lesson.slug)}
      className={current ? 'category-nav__lesson is-current' : 'category-nav__lesson'}
      aria-current={current ? 'page' : undefined}
    >
      {lesson.title}
    </Link>
  );
}
