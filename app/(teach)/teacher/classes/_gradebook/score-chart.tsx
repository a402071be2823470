import { scaleBand, scaleLinear } from 'd3-scale';
import type { ScoreBin } from '@/lib/gradebook/lab-stats';

const W = 640;
const H = 260;
const M = { top: 24, right: 12, bottom: 44, left: 40 };

/**
 * The score distribution as an SVG bar chart rendered on the server (d3-scale for the geometry, no
 * client script). Accessible: role="img" with a title and a description that states every number;
 * the same numbers are in the table next to it (ScoreTable).
 */
export function ScoreChart({ bins, labTitle, students }: { bins: ScoreBin[]; labTitle: string; students: number }) {
  const x = scaleBand<string>().domain(bins.map((b) => b.label)).range([M.left, W - M.right]).padding(0.15);
  const maxCount = Math.max(1, ...bins.map((b) => b.count));
  const y = scaleLinear().domain([0, maxCount]).nice().range([H - M.bottom, M.top]);
  const ticks = y.ticks(Math.min(5, maxCount)).filter((t) => Number.isInteger(t));
  const desc = `Best scores of ${students} student${students === 1 ? '' : 's'}: ${bins.map((b) => `${b.label} points: ${b.count}`).join('; ')}.`;
  return (
    <svg className="score-chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="score-chart-title score-chart-desc" data-testid="score-chart">
      <title id="score-chart-title">{`Score distribution: ${labTitle}`}</title>
      <desc id="score-chart-desc">{desc}</desc>
      {ticks.map((t) => (
        <g key={t} aria-hidden="true">
          <line x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} className="score-chart__grid" />
          <text x={M.left - 6} y={y(t)} dy="0.32em" textAnchor="end" className="score-chart__tick">{t}</text>
        </g>
      ))}
      {bins.map((b) => {
        const bx = x(b.label) ?? 0;
        const top = y(b.count);
        return (
          <g key={b.label} aria-hidden="true">
            <rect x={bx} y={top} width={x.bandwidth()} height={Math.max(0, H - M.bottom - top)} className="score-chart__bar" data-count={b.count} />
            <text x={bx + x.bandwidth() / 2} y={top - 4} textAnchor="middle" className="score-chart__value">{b.count}</text>
            <text x={bx + x.bandwidth() / 2} y={H - M.bottom + 16} textAnchor="middle" className="score-chart__tick">{b.label}</text>
          </g>
        );
      })}
      <line x1={M.left} x2={W - M.right} y1={H - M.bottom} y2={H - M.bottom} className="score-chart__axis" aria-hidden="true" />
      <text x={(M.left + W - M.right) / 2} y={H - 6} textAnchor="middle" className="score-chart__label" aria-hidden="true">best score (points)</text>
      <text x={12} y={M.top - 10} className="score-chart__label" aria-hidden="true">students</text>
    </svg>
  );
}

/** The chart's numbers as a table. */
export function ScoreTable({ bins }: { bins: ScoreBin[] }) {
  return (
    <div className="table-wrap" role="region" aria-label="Score distribution (numbers)" tabIndex={0}>
      <table data-testid="score-table">
        <caption className="muted">Students per best-score range</caption>
        <thead>
          <tr>
            <th scope="col">Points</th>
            <th scope="col" className="num">Students</th>
          </tr>
        </thead>
        <tbody>
          {bins.map((b) => (
            <tr key={b.label}>
              <th scope="row" className="nowrap">{b.label}</th>
              <td className="num">{b.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
