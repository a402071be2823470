import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requireUser } from '@/lib/auth/session';
import { db, Role } from '@/lib/db/index';
import { getRevisionSource, listRevisions } from '@/lib/content/revisions';
import { diffTexts } from '@/lib/content/revision-diff';
import { RestoreRevisionButton } from '../../../_components/lesson-actions';
import { StudioNav } from '../../../_components/studio-nav';
import '../../../studio.css';
import { TableWrap } from '@/app/_components/table-wrap';

export const metadata: Metadata = { title: 'Revisions · Studio' };
export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ from?: string; to?: string }> };

const fmt = (d: Date) => `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;

/** A lesson's revisions (author, time, note), a diff between any two, and restore. */
export default async function RevisionsPage(props: Props) {
  const { id } = await props.params;
  await requireUser([Role.ADMIN], `/admin/lessons/${encodeURIComponent(id)}/revisions`);
  const lesson = await db.lesson.findUnique({ where: { id }, select: { id: true, title: true, revision: true } });
  if (!lesson) notFound();
  const revisions = await listRevisions(id);
  const sp = await props.searchParams;
  const numbers = new Set(revisions.map((r) => r.revision));
  const pick = (raw: string | undefined, fallback: number) => {
    const n = Number(raw);
    return Number.isInteger(n) && numbers.has(n) ? n : fallback;
  };
  const to = pick(sp.to, lesson.revision);
  const from = pick(sp.from, Math.max(1, to - 1));
  const diff = from !== to ? diffTexts(await getRevisionSource(id, from), await getRevisionSource(id, to)) : null;

  return (
    <section>
      <h1>Revisions: {lesson.title}</h1>
      <StudioNav />
      <p><Link href={`/admin/lessons/${lesson.id}`}>Back to the editor</Link></p>
      <TableWrap label="Revisions" long>
        <table className="studio-revisions" data-testid="revisions">
          <thead>
            <tr><th className="num">Revision</th><th>Written</th><th>Author</th><th>Note</th><th>Restore</th></tr>
          </thead>
          <tbody>
            {revisions.map((r) => (
              <tr key={r.revision} data-revision={r.revision}>
                <td className="num">{r.revision}{r.current ? ' (current)' : ''}</td>
                <td><time dateTime={r.createdAt.toISOString()}>{fmt(r.createdAt)}</time></td>
                <td>{r.author ? `${r.author.name} (${r.author.email})` : <span className="muted">command line / API</span>}</td>
                <td>{r.note ?? ''}</td>
                <td>{r.current ? <span className="muted">current</span> : <RestoreRevisionButton lessonId={lesson.id} revision={r.revision} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>

      <h2>Compare</h2>
      <form method="get" className="studio-inline-form">
        <label>
          from{' '}
          <select name="from" defaultValue={String(from)}>
            {revisions.map((r) => <option key={r.revision} value={r.revision}>revision {r.revision}</option>)}
          </select>
        </label>
        <label>
          to{' '}
          <select name="to" defaultValue={String(to)}>
            {revisions.map((r) => <option key={r.revision} value={r.revision}>revision {r.revision}</option>)}
          </select>
        </label>
        <button type="submit" className="button button--small">Show diff</button>
      </form>
      {diff === null ? (
        <p className="muted">Pick two different revisions.</p>
      ) : diff.hunks.length === 0 ? (
        <p className="muted">Revisions {from} and {to} are identical.</p>
      ) : (
        <>
          <p className="muted" data-testid="diff-summary">
            Revision {from} → {to}: {diff.added} line{diff.added === 1 ? '' : 's'} added, {diff.removed} removed.
          </p>
          <TableWrap label={`Differences between revisions ${from} and ${to}`}>
          <table className="diff" data-testid="diff">
            <tbody>
              {diff.hunks.map((h, hi) => [
                <tr key={`h${hi}`} className="hunk"><td colSpan={3}>@@ −{h.oldStart},{h.oldLines} +{h.newStart},{h.newLines} @@</td></tr>,
                ...h.lines.map((l, li) => (
                  <tr key={`${hi}:${li}`} className={l.kind}>
                    <td className="num">{l.oldLine ?? ''}</td>
                    <td className="num">{l.newLine ?? ''}</td>
                    <td><span className="visually-hidden">{l.kind === 'added' ? 'added: ' : l.kind === 'removed' ? 'removed: ' : ''}</span>{l.kind === 'added' ? '+ ' : l.kind === 'removed' ? '− ' : '  '}{l.text}</td>
                  </tr>
                )),
              ])}
            </tbody>
          </table>
          </TableWrap>
        </>
      )}
    </section>
  );
}
