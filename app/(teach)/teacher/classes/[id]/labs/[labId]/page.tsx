import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { requireUser } from '@/lib/auth/session';
import { Role } from '@/lib/db/index';
import { loadLabReport } from '@/lib/gradebook/load';
import { shortLabVersion } from '@/lib/labs/version';
import { ClassCrumbs } from '../../../_gradebook/crumbs';
import { formatInZone, formatPercent } from '../../../_gradebook/format';
import { RegradeButton } from '@/app/_components/regrade-button';
import { ScoreChart, ScoreTable } from '../../../_gradebook/score-chart';
import '../../../_gradebook/gradebook.css';

export const metadata: Metadata = { title: 'Lab results' };
export const dynamic = 'force-dynamic';

/** One assigned lab in one class: distribution, pass rate per check, most failed check, regrade. */
export default async function LabReportPage(props: { params: Promise<{ id: string; labId: string }> }) {
  const { id, labId } = await props.params;
  const base = `/teacher/classes/${encodeURIComponent(id)}`;
  const viewer = await requireUser([Role.TEACHER, Role.ADMIN], `${base}/labs/${encodeURIComponent(labId)}`);
  const r = await loadLabReport(viewer, id, labId);
  if (!r) notFound();
  const { assignment: a, classroom } = r;
  return (
    <section>
      <ClassCrumbs classroom={classroom} trail={[{ label: a.title }]} />
      <h1>{a.title}</h1>
      <p className="muted">
        {r.gradedStudents} of {r.students} students graded · {a.dueAt ? `due ${formatInZone(a.dueAt, classroom.timeZone)} (${classroom.timeZone})` : 'no due date'} · lab
        version <code data-testid="lab-version">{shortLabVersion(a.currentVersion)}</code>
      </p>

      <div className="toolbar" data-testid="regrade-box">
        <span className={r.outdated > 0 ? undefined : 'muted'}>
          {r.outdated > 0
            ? `${r.outdated} graded attempt${r.outdated === 1 ? ' was' : 's were'} graded against an earlier version of this lab.`
            : 'Every graded attempt was graded against the current version of the lab (or is waiting for its regrade).'}
        </span>
        {/* Always rendered (disabled when nothing is outdated) so its answer survives the page refresh. */}
        <RegradeButton
          url={`/api/teacher/classes/${encodeURIComponent(id)}/labs/${encodeURIComponent(labId)}/regrade`}
          label="Regrade all outdated attempts"
          testId="regrade-lab"
          disabled={r.outdated === 0}
        />
        {r.regradesPending > 0 ? <span className="tag tag--pending">{r.regradesPending} regrade{r.regradesPending === 1 ? '' : 's'} waiting</span> : null}
      </div>

      <h2>Score distribution</h2>
      {r.gradedStudents === 0 ? (
        <p className="empty">No graded attempt yet.</p>
      ) : (
        <div className="stat-grid">
          <ScoreChart bins={r.distribution} labTitle={a.title} students={r.gradedStudents} />
          <ScoreTable bins={r.distribution} />
        </div>
      )}

      <h2>Checks</h2>
      <p className="muted">Share of graded attempts (their newest grade) in which each check passed.</p>
      {r.passRates.length === 0 ? (
        <p className="empty">No check results yet.</p>
      ) : (
        <div className="table-wrap" role="region" aria-label="Pass rate of each check" tabIndex={0}>
          <table data-testid="pass-rates">
            <thead>
              <tr>
                <th scope="col">Check</th>
                <th scope="col" className="num">Passed</th>
                <th scope="col">Pass rate</th>
              </tr>
            </thead>
            <tbody>
              {r.passRates.map((c) => (
                <tr key={c.checkId} data-check={c.checkId}>
                  <th scope="row">
                    {c.title} <span className="muted">({c.checkId})</span>
                  </th>
                  <td className="num">
                    {c.passed} / {c.total}
                  </td>
                  <td className="nowrap">
                    <span className="rate-bar" aria-hidden="true">
                      <span style={{ width: `${Math.round(c.rate * 100)}%` }} />
                    </span>{' '}
                    {formatPercent(c.rate)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <div className="stat-grid" style={{ marginTop: '1rem' }}>
        <div className="card" data-testid="most-failed">
          <h3>Most common failing check</h3>
          {r.mostFailed ? (
            <>
              <p>
                <strong>{r.mostFailed.title}</strong> <span className="muted">({r.mostFailed.checkId})</span>: failed {r.mostFailed.failures} of {r.mostFailed.total} graded
                attempts.
              </p>
              <p className="muted">Most frequent feedback ({r.mostFailed.excerptCount}×):</p>
              <blockquote className="feedback-excerpt">{r.mostFailed.excerpt || '(no feedback text)'}</blockquote>
            </>
          ) : (
            <p className="empty">No check has failed.</p>
          )}
        </div>
        <div className="card" data-testid="median-attempts">
          <h3>Attempts to full score</h3>
          {r.toFullScore.median === null ? (
            <p className="empty">Nobody has reached full score yet.</p>
          ) : (
            <p>
              Median <strong>{r.toFullScore.median}</strong> attempt{r.toFullScore.median === 1 ? '' : 's'} ({r.toFullScore.reached} of {r.toFullScore.students} graded
              students reached full score).
            </p>
          )}
        </div>
      </div>
    </section>
  );
}
