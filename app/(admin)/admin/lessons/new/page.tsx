import type { Metadata } from 'next';
import { requireUser } from '@/lib/auth/session';
import { requestNonce } from '@/lib/http/csp-nonce';
import { Role } from '@/lib/db/index';
import { LessonEditor } from '../../_components/lesson-editor';
import { StudioNav } from '../../_components/studio-nav';
import '@/app/(learn)/lessons/lesson.css';
import '../../studio.css';

export const metadata: Metadata = { title: 'New lesson · Studio' };
export const dynamic = 'force-dynamic';

function template(today: string): string {
  return `---
title: "New lesson"
categoryPath: ["Docker"]
authorNick: "관리자"
createdAt: "${today}"
updateMode: "upsert"
---

Write the lesson here in markdown.

## First section
`;
}

/** A new lesson in the editor, seeded with a template of the required front matter. */
export default async function NewLessonPage() {
  await requireUser([Role.ADMIN], '/admin/lessons/new');
  return (
    <section>
      <h1>New lesson</h1>
      <StudioNav />
      <p className="muted">
        Front matter between the <code>---</code> lines: <code>title</code>, <code>categoryPath</code> (outermost first; missing
        categories are created), <code>authorNick</code>, <code>createdAt</code> (YYYY-MM-DD), <code>updateMode: &quot;upsert&quot;</code>,
        optional <code>slug</code>. The body below is the lesson.
      </p>
      <LessonEditor nonce={await requestNonce()} initialSource={template(new Date().toISOString().slice(0, 10))} />
    </section>
  );
}
