import type { Metadata } from 'next';
import { requireUser } from '@/lib/auth/session';
import { requestNonce } from '@/lib/http/csp-nonce';
import { db, Role } from '@/lib/db/index';
import { LessonEditor } from '../../_components/lesson-editor';
import { StudioNav } from '../../_components/studio-nav';
import '@/app/(learn)/lessons/lesson.css';
import '../../studio.css';

export const metadata: Metadata = { title: 'New lesson · Studio' };
export const dynamic = 'force-dynamic';

function template(today: string, categoryPath: string[]): string {
  return `---
title: "New lesson"
categoryPath: ${JSON.stringify(categoryPath)}
authorNick: "관리자"
createdAt: "${today}"
updateMode: "upsert"
---

Write the lesson here in markdown.

## First section
`;
}

/** Names from the root to category `id` (the front matter's categoryPath), or null if unknown. */
async function categoryNames(id: string): Promise<string[] | null> {
  const all = await db.category.findMany({ select: { id: true, name: true, parentId: true } });
  const byId = new Map(all.map((c) => [c.id, c]));
  if (!byId.has(id)) return null;
  const names: string[] = [];
  for (let c = byId.get(id); c; c = c.parentId ? byId.get(c.parentId) : undefined) names.unshift(c.name);
  return names;
}

/** A new lesson in the editor (filed under ?category=<id> when given), seeded with a template of the required front matter. */
export default async function NewLessonPage(props: { searchParams: Promise<{ category?: string }> }) {
  await requireUser([Role.ADMIN], '/admin/lessons/new');
  const { category } = await props.searchParams;
  const categoryPath = (category && (await categoryNames(category))) || ['Docker'];
  return (
    <section>
      <h1>New lesson</h1>
      <StudioNav />
      <p className="muted">
        Front matter between the <code>---</code> lines: <code>title</code>, <code>categoryPath</code> (outermost first; missing
        categories are created), <code>authorNick</code>, <code>createdAt</code> (YYYY-MM-DD), <code>updateMode: &quot;upsert&quot;</code>,
        optional <code>slug</code>. The body below is the lesson.
      </p>
      <LessonEditor nonce={await requestNonce()} initialSource={template(new Date().toISOString().slice(0, 10), categoryPath)} />
    </section>
  );
}
