import { formatDate } from '@/app/_components/submissions-table';
import { formatScore } from '@/lib/submissions/aggregate';

/** A submission as an option of the pickers below. */
export type PickOption = { id: string; labId: string; createdAt: Date; status: string; score: number | null; maxScore: number | null; kind?: string };

function optionLabel(o: PickOption): string {
  const result = o.status === 'GRADED' ? formatScore(o.score, o.maxScore) : o.status.toLowerCase();
  return `${formatDate(o.createdAt)} · ${result}${o.kind === 'REGRADE' ? ' · regrade' : ''}`;
}

/**
 * On the submission page: compare this submission with another of the same person and lab,
 * picked from `others` (lib/submissions/compare-load.ts comparisonCandidates). A plain GET form to
 * /submissions/compare, so it works without JavaScript. Nothing when there is no other submission.
 */
export function CompareWithForm({ currentId, others }: { currentId: string; others: PickOption[] }) {
  if (others.length === 0) return null;
  return (
    <form method="get" action="/submissions/compare" className="form form--inline compare-picker" data-testid="compare-with">
      <input type="hidden" name="a" value={currentId} />
      <label>
        Compare with
        <select name="b" defaultValue={others[0].id}>
          {others.map((o) => (
            <option key={o.id} value={o.id}>
              {optionLabel(o)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="button">
        Compare
      </button>
    </form>
  );
}

/**
 * On the submissions list: pick any two of one's submissions of the same lab (grouped by lab; only
 * labs with two or more). Defaults: the newest lab's second newest as A, its newest as B.
 */
export function ComparePairForm({ rows, labTitles }: { rows: PickOption[]; labTitles: Map<string, string> }) {
  const byLab = new Map<string, PickOption[]>();
  for (const r of rows) byLab.set(r.labId, [...(byLab.get(r.labId) ?? []), r]);
  const labs = [...byLab.entries()].filter(([, list]) => list.length >= 2);
  if (labs.length === 0) return null;
  const [, first] = labs[0];
  const groups = labs.map(([labId, list]) => (
    <optgroup key={labId} label={labTitles.get(labId) ?? labId}>
      {list.map((o) => (
        <option key={o.id} value={o.id}>
          {optionLabel(o)}
        </option>
      ))}
    </optgroup>
  ));
  return (
    <section className="compare-picker">
      <h2>Compare two submissions</h2>
      <p className="muted">Two submissions of the same lab: steps, cache hits, durations, layer sizes and checks side by side.</p>
      <form method="get" action="/submissions/compare" className="form form--inline" data-testid="compare-pair">
        <label>
          A
          <select name="a" defaultValue={first[1].id}>
            {groups}
          </select>
        </label>
        <label>
          B
          <select name="b" defaultValue={first[0].id}>
            {groups}
          </select>
        </label>
        <button type="submit" className="button">
          Compare
        </button>
      </form>
    </section>
  );
}
