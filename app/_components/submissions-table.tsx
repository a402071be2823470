import Link from 'next/link';
import { formatScore } from '@/lib/submissions/aggregate';
import type { MySubmissionRow } from '@/lib/submissions/list-mine';
import { StatusBadge } from './status-badge';
import './classes.css';
import { TableWrap } from '@/app/_components/table-wrap';

const dateFormat = new Intl.DateTimeFormat('ko-KR', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: process.env.TZ || 'Asia/Seoul',
});

export function formatDate(d: Date): string {
  return dateFormat.format(d);
}

/** A list of submissions; `labTitles` adds a Lab column; ids in `late` get a "late" mark (lib/submissions/late-marks.ts). */
export function SubmissionsTable({
  rows,
  labTitles,
  testId,
  late,
}: {
  rows: MySubmissionRow[];
  labTitles?: Map<string, string>;
  testId?: string;
  late?: Set<string>;
}) {
  if (rows.length === 0) return <p className="empty">No submissions yet.</p>;
  return (
    <TableWrap label="Submissions" long>
      {/* sticky-table: cells on one line, the table scrolls in its box on a phone (app/_components/classes.css). */}
      <table data-testid={testId} className="sticky-table">
        <thead>
          <tr>
            <th>Submitted</th>
            {labTitles && <th>Lab</th>}
            <th>Status</th>
            <th className="num">Score</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>
                <Link href={`/submissions/${r.id}`}>{formatDate(r.createdAt)}</Link>
              </td>
              {labTitles && <td>{labTitles.get(r.labId) ?? r.labId}</td>}
              <td>
                <StatusBadge status={r.status} />
                {r.status === 'RUNNING' && r.progress ? <span className="muted"> {r.progress}</span> : null}
                {r.status === 'FAILED' ? <span className="muted"> (not counted)</span> : null}
                {late?.has(r.id) ? <> <span className="badge badge--late" data-testid="late">late</span></> : null}
              </td>
              <td className="num">{r.status === 'GRADED' ? formatScore(r.score, r.maxScore) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
