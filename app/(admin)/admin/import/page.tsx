import type { Metadata } from 'next';
import { requireUser } from '@/lib/auth/session';
import { Role } from '@/lib/db/index';
import { ImportForm } from '../_components/import-form';
import { StudioNav } from '../_components/studio-nav';
import '../studio.css';

export const metadata: Metadata = { title: 'Import · Studio' };
export const dynamic = 'force-dynamic';

/** Upload documents or a zip (e.g. an export): dry run first, then apply in one transaction. */
export default async function ImportPage() {
  await requireUser([Role.ADMIN], '/admin/import');
  return (
    <section>
      <h1>Import lessons</h1>
      <StudioNav />
      <p className="muted">
        Upload one or many front-matter documents (<code>.md</code>, <code>.mdx</code>) or <code>.zip</code> archives such as
        the export. The dry run lists what would be created, updated or left unchanged; apply imports all of it in one
        transaction, and only when no document is invalid. The same from a shell: <code>npm run content:sync -- &lt;dir&gt;</code>.
      </p>
      <ImportForm />
    </section>
  );
}
