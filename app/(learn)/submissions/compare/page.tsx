import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { formatDate } from '@/app/_components/submissions-table';
import { requireUser } from '@/lib/auth/session';
import { formatBytes } from '@/lib/format';
import { formatScore } from '@/lib/submissions/aggregate';
import type { BuildRow, CacheFlip, CheckRow, Mark, SideStep, StepRow } from '@/lib/submissions/compare';
import { loadComparison } from '@/lib/submissions/compare-load';
import { labTitles } from '@/lib/submissions/labs';
import { formatMs } from '../[id]/report-view';
import './compare.css';

export const metadata: Metadata = { title: 'Compare submissions' };
export const dynamic = 'force-dynamic';

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const one = (v: string | string[] | undefined) => (typeof v === 'string' ? v : '');

/** Marks in words with a symbol, never colour alone. */
const MARK_TEXT: Record<Mark, [string, string]> = {
  same: ['=', 'same'],
  changed: ['≠', 'changed'],
  added: ['+', 'only in B'],
  removed: ['−', 'only in A'],
};

function MarkCell({ mark }: { mark: Mark }) {
  const [symbol, words] = MARK_TEXT[mark];
  return (
    <span className={`diff-mark diff-mark--${mark}`} data-mark={mark}>
      <span aria-hidden="true">{symbol}</span> {words}
    </span>
  );
}

function CacheFlipBadge({ flip }: { flip: CacheFlip }) {
  if (!flip) return null;
  return (
    <span className={`badge diff-flip diff-flip--${flip === 'now cached' ? 'hit' : 'miss'}`} data-testid="cache-flip">
      <span aria-hidden="true">{flip === 'now cached' ? '↑' : '↓'}</span> {flip}
    </span>
  );
}

const signed = (n: number, format: (n: number) => string) => (n === 0 ? '±0' : `${n > 0 ? '+' : '−'}${format(Math.abs(n))}`);
const points = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

function cacheWord(s: SideStep | null) {
  if (!s) return '—';
  if (/^FROM\s/i.test(s.instruction)) return 'base';
  return s.cached ? 'cached' : 'built';
}

function ChecksTable({ rows }: { rows: CheckRow[] }) {
  if (rows.length === 0) return <p className="empty">Neither submission has check results.</p>;
  return (
    <div className="table-wrap" role="region" aria-label="Checks compared" tabIndex={0}>
      <table className="sticky-table compare-table" data-testid="compare-checks">
        <thead>
          <tr>
            <th scope="col">Check</th>
            <th scope="col">Difference</th>
            <th scope="col" className="num">A</th>
            <th scope="col" className="num">B</th>
            <th scope="col" className="num">B − A</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => (
            <tr key={c.id} data-mark={c.mark}>
              <th scope="row" className="compare-check-title">
                {c.title}
              </th>
              <td>
                <MarkCell mark={c.mark} />
              </td>
              {[c.a, c.b].map((x, i) => (
                <td key={i} className="num">
                  {x ? `${x.passed ? '✓ pass' : '✗ fail'} ${points(x.points)}/${points(x.maxPoints)}` : '—'}
                </td>
              ))}
              <td className="num">{c.pointsDelta === null ? '—' : signed(c.pointsDelta, points)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function StepsTable({ build }: { build: BuildRow }) {
  if (build.steps.length === 0) return <p className="empty">No steps on either side.</p>;
  const sizeOf = (s: SideStep | null) => (s && typeof s.sizeBytes === 'number' ? formatBytes(s.sizeBytes) : '—');
  const timeOf = (s: SideStep | null) => (s && typeof s.durationMs === 'number' ? formatMs(s.durationMs) : '—');
  return (
    <div className="table-wrap" role="region" aria-label="Steps compared" tabIndex={0}>
      <table className="sticky-table compare-table" data-testid={`compare-steps-${build.name}`}>
        <thead>
          <tr>
            <th scope="col">Difference</th>
            <th scope="col">Instruction</th>
            <th scope="col">Cache A → B</th>
            <th scope="col" className="num">Time A</th>
            <th scope="col" className="num">Time B</th>
            <th scope="col" className="num">Layer A</th>
            <th scope="col" className="num">Layer B</th>
            <th scope="col" className="num">Layer B − A</th>
          </tr>
        </thead>
        <tbody>
          {build.steps.map((s: StepRow, i) => (
            <tr key={i} data-mark={s.mark} data-instruction={s.instruction}>
              <th scope="row">
                <MarkCell mark={s.mark} />
              </th>
              <td>
                <code className="compare-instruction">{s.instruction}</code>
                <span className="muted compare-where">
                  {[s.a ? `A line ${s.a.line ?? s.a.n}` : null, s.b ? `B line ${s.b.line ?? s.b.n}` : null, s.stage ? `stage ${s.stage}` : null]
                    .filter(Boolean)
                    .join(' · ')}
                </span>
              </td>
              <td>
                {cacheWord(s.a)} → {cacheWord(s.b)} <CacheFlipBadge flip={s.cache} />
              </td>
              <td className="num">{timeOf(s.a)}</td>
              <td className="num">{timeOf(s.b)}</td>
              <td className="num">{sizeOf(s.a)}</td>
              <td className="num">{sizeOf(s.b)}</td>
              <td className="num">{s.sizeDeltaBytes === null ? '—' : signed(s.sizeDeltaBytes, formatBytes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function BuildSection({ build }: { build: BuildRow }) {
  const total = (t: BuildRow['a']) =>
    t
      ? `${t.ok === false ? 'failed · ' : ''}${t.durationMs === null ? '—' : formatMs(t.durationMs)} · ${t.sizeBytes === null ? 'size unknown' : formatBytes(t.sizeBytes)} · ${t.cachedSteps}/${t.steps} cached`
      : 'not built';
  return (
    <section className="compare-build" data-testid={`compare-build-${build.name}`}>
      <h3>
        Build <code>{build.name}</code> <MarkCell mark={build.mark} />
      </h3>
      <ul className="compare-totals">
        <li>
          <strong>A:</strong> {total(build.a)}
        </li>
        <li>
          <strong>B:</strong> {total(build.b)}
        </li>
        <li>
          <strong>B − A:</strong> time {build.durationDeltaMs === null ? '—' : signed(build.durationDeltaMs, formatMs)}, layers{' '}
          {build.sizeDeltaBytes === null ? '—' : signed(build.sizeDeltaBytes, formatBytes)}
        </li>
      </ul>
      <StepsTable build={build} />
    </section>
  );
}

export default async function ComparePage(props: Props) {
  const sp = await props.searchParams;
  const a = one(sp.a);
  const b = one(sp.b);
  const viewer = await requireUser(undefined, `/submissions/compare?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`);
  if (!a || !b) {
    return (
      <article>
        <h1>Compare submissions</h1>
        <p className="note" data-testid="compare-message">
          Pick two submissions to compare: open one of <Link href="/submissions">your submissions</Link> and choose another of the same lab.
        </p>
      </article>
    );
  }
  const loaded = await loadComparison(a, b, viewer);
  if (loaded.kind === 'not-found') notFound(); // either id not the viewer's: no existence leak
  const titles = await labTitles().catch(() => new Map<string, string>());
  const title = (labId: string) => titles.get(labId) ?? labId;
  const head = (label: 'A' | 'B', s: typeof loaded.a) => (
    <li>
      <strong>{label}</strong> ({label === 'A' ? 'earlier' : 'later'}): <Link href={`/submissions/${s.id}`}>{formatDate(s.createdAt)}</Link> · {s.status === 'GRADED' ? formatScore(s.score, s.maxScore) : s.status.toLowerCase()}
      {s.kind === 'REGRADE' ? ' · regrade' : ''}
      {s.userId !== viewer.id ? ` · ${s.user.name}` : ''}
    </li>
  );

  if (loaded.kind === 'different-labs') {
    return (
      <article>
        <h1>Compare submissions</h1>
        <ul className="compare-heads">
          {head('A', loaded.a)}
          {head('B', loaded.b)}
        </ul>
        <p className="note" data-testid="compare-message">
          These are submissions of two labs ({title(loaded.a.labId)} and {title(loaded.b.labId)}): only submissions of the same lab can be compared.
        </p>
      </article>
    );
  }

  const { comparison: c } = loaded;
  const notGraded = [loaded.a, loaded.b].filter((s) => s.status !== 'GRADED');
  return (
    <article className="compare">
      <p className="muted">
        <Link href="/submissions">Submissions</Link> /
      </p>
      <h1>
        Compare: <Link href={`/labs/${encodeURIComponent(loaded.a.labId)}`}>{title(loaded.a.labId)}</Link>
      </h1>
      <ul className="compare-heads">
        {head('A', loaded.a)}
        {head('B', loaded.b)}
      </ul>
      {notGraded.length > 0 ? (
        <p className="note">
          {notGraded.map((s) => (s.id === loaded.a.id ? 'A' : 'B')).join(' and ')} {notGraded.length > 1 ? 'are' : 'is'} not graded: only what was recorded so far is compared.
        </p>
      ) : null}
      <p data-testid="compare-summary">
        <strong>Score:</strong> A {formatScore(c.score.a, c.score.maxA)} · B {formatScore(c.score.b, c.score.maxB)}
        {c.score.delta !== null ? ` (B − A ${signed(c.score.delta, points)})` : ''} <MarkCell mark={c.score.mark} /> ·{' '}
        {c.differences === 0 ? 'no differences in checks, builds or steps' : `${c.differences} difference${c.differences === 1 ? '' : 's'} marked below`}
      </p>
      <p className="muted compare-legend">
        Marks: = same · ≠ changed · + only in B · − only in A · ↑ now cached · ↓ no longer cached. Steps are matched by their instruction text, so an
        inserted line shows as one “only in B” row; durations are shown but differ on every run and mark nothing.
      </p>

      <h2>Checks</h2>
      <ChecksTable rows={c.checks} />

      <h2>Builds</h2>
      {c.builds.length === 0 ? <p className="empty">Neither submission has build results.</p> : c.builds.map((x) => <BuildSection key={x.name} build={x} />)}
    </article>
  );
}
