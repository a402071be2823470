import type { Metadata } from 'next';
import Link from 'next/link';
import { getCategoryTree, type CategoryNode } from '@/lib/content/queries';
import { lessonUrl } from '@/lib/content/slug';
import { categoryAnchor, soleLessonOf } from './category-nav';
import './lesson.css';

export const metadata: Metadata = {
  title: 'Lessons',
  description: 'Every LayerLab lesson by category: Docker image layers, the build cache, multi-stage builds.',
  openGraph: { title: 'Lessons · LayerLab', type: 'website' },
};
// Static like the lesson pages (revalidated by every lesson write, lib/content/revalidate.ts).
export const revalidate = false;

export default async function LessonsPage() {
  const tree = await getCategoryTree();
  return (
    <section className="lesson-page lessons-index">
      <h1>Lessons</h1>
      {tree.length === 0 ? (
        <p className="empty">No lessons yet.</p>
      ) : (
        <div className="lessons-tree" data-testid="lesson-tree">
          {tree.map((node) => (
            <CategorySection key={node.id} node={node} depth={2} />
          ))}
        </div>
      )}
    </section>
  );
}

function CategorySection({ node, depth }: { node: CategoryNode; depth: number }) {
  const Heading = (depth <= 2 ? 'h2' : depth === 3 ? 'h3' : 'h4') as 'h2' | 'h3' | 'h4';
  const sole = soleLessonOf(node);
  if (sole) {
    return (
      <ul className="lessons-list" id={categoryAnchor(node.path)}>
        <li>
          <Link href={lessonUrl(sole.slug)}>{sole.title}</Link>
        </li>
      </ul>
    );
  }
  return (
    <section className={`lessons-cat lessons-cat--d${Math.min(depth, 4)}`} id={categoryAnchor(node.path)}>
      <Heading>{node.name}</Heading>
      {node.lessons.length > 0 && (
        <ul className="lessons-list">
          {node.lessons.map((l) => (
            <li key={l.slug}>
              <Link href={lessonUrl(l.slug)}>{l.title}</Link>
            </li>
          ))}
        </ul>
      )}
      {node.children.map((child) => (
        <CategorySection key={child.id} node={child} depth={depth + 1} />
      ))}
    </section>
  );
}
