'use client';

import { useEffect, useState, type ReactNode } from 'react';
import { LAYERS_PENDING_LIMIT_MS, type SubmissionView } from '@/lib/submissions/dto';
import { ChecksTable, ReportView, StepResult } from './report-view';
import { TableWrap } from '@/app/_components/table-wrap';

const POLL_MS = 1000;

function done(s: SubmissionView['status']) {
  return s === 'GRADED' || s === 'FAILED';
}

/** Graded, but the layer explorer is still being read (the worker saved the score first). */
function layersPending(s: SubmissionView): boolean {
  return s.status === 'GRADED' && !!s.report?.layersPending;
}

/** How long a graded page waits for its layer explorer before it stops asking (a worker may have died). */
const LAYERS_WAIT_MS = LAYERS_PENDING_LIMIT_MS;

function fmt(n: number) {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/** What the live region says for a status (the same text until the status changes). */
function announcement(s: SubmissionView): string {
  switch (s.status) {
    case 'QUEUED':
      return 'Submission queued, waiting for a grader.';
    case 'RUNNING':
      return 'Grading started.';
    case 'GRADED':
      return `Graded: score ${fmt(s.score ?? 0)} of ${fmt(s.maxScore ?? 0)}.`;
    case 'FAILED':
      return 'Grading failed on our side; it did not count as an attempt.';
  }
}

/**
 * Shows a submission and polls /api/submissions/[id] every second until it is graded or failed:
 * steps appear as they finish, then the score and the report. The score comes before the layer
 * explorer (`report.layersPending`): polling goes on, every 2 s and for at most LAYERS_WAIT_MS, until
 * the explorer is in. `children` is the report rendered on the server for a submission that was
 * already graded when the page loaded (replaced by the polled one when it changes).
 */
export function SubmissionLive({ initial, children }: { initial: SubmissionView; children?: ReactNode }) {
  const [s, setS] = useState<SubmissionView>(initial);
  const [connection, setConnection] = useState<string | null>(null);

  useEffect(() => {
    if (done(initial.status) && !layersPending(initial)) return;
    let stopped = false;
    let pendingSince: number | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;

    async function tick() {
      try {
        const res = await fetch(`/api/submissions/${encodeURIComponent(initial.id)}`, {
          cache: 'no-store',
          headers: { Accept: 'application/json' },
        });
        if (res.status === 401 || res.status === 403 || res.status === 404) {
          setConnection(res.status === 401 ? 'Your session ended; sign in again to follow this submission.' : 'This submission is no longer available.');
          return; // stop
        }
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        const next = (await res.json()) as SubmissionView;
        if (stopped) return;
        failures = 0;
        setConnection(null);
        setS(next);
        if (layersPending(next)) {
          pendingSince ??= Date.now();
          if (Date.now() - pendingSince > LAYERS_WAIT_MS) {
            setConnection('The image layers are not available for this submission; its score and report stand.');
            return;
          }
        } else if (done(next.status)) return;
      } catch {
        failures++;
        if (!stopped && failures >= 3) setConnection('Lost contact with the server; retrying…');
      }
      const every = pendingSince !== undefined ? 2 * POLL_MS : POLL_MS;
      if (!stopped) timer = setTimeout(tick, failures ? Math.min(10_000, every * 2 ** failures) : every);
    }

    timer = setTimeout(tick, POLL_MS);
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [initial.id, initial.status]);

  return (
    <div data-testid="submission" data-status={s.status}>
      {/* Screen readers hear each status change once (not every progress line): a polite live region
          that is in the page from the start, whose text changes only with the status. */}
      <p className="visually-hidden" role="status" aria-live="polite" data-testid="status-announcer">
        {announcement(s)}
      </p>
      <div className="status-line" data-testid="status">
        {s.status === 'QUEUED' && (
          <>
            <span className="spinner" aria-hidden="true" /> <span className="badge badge--QUEUED">Queued</span>
            <span className="muted" data-testid="queued-status">{s.progress ?? 'waiting for a grader…'}</span>
          </>
        )}
        {s.status === 'RUNNING' && (
          <>
            <span className="spinner" aria-hidden="true" /> <span className="badge badge--RUNNING">Running</span>
            <span data-testid="progress">{s.progress ?? 'starting…'}</span>
          </>
        )}
        {s.status === 'GRADED' && <span className="badge badge--GRADED">Graded</span>}
        {s.status === 'FAILED' && <span className="badge badge--FAILED">Failed</span>}
      </div>
      {connection && <p className="muted" role="status">{connection}</p>}

      {s.status === 'FAILED' && (
        <div className="failure" data-testid="failure">
          <strong>Grading failed:</strong> {s.failureReason ?? 'unknown error'}
          <br />
          This was a problem on our side, and it did not count as an attempt. You can submit again.
        </div>
      )}

      {s.status === 'GRADED' && (
        <p>
          Score: <span className="score" data-testid="score">{`${fmt(s.score ?? 0)} / ${fmt(s.maxScore ?? 0)}`}</span>
        </p>
      )}

      {s.status === 'GRADED' ? (s === initial && children ? children : <ReportView view={s} />) : s.builds.map((b) => (
        <section key={b.name} data-testid={`build-${b.name}`}>
          <h2>
            Build <code>{b.name}</code>{' '}
            {b.ok === true && <span className="badge badge--pass">built</span>}
            {b.ok === false && <span className="badge badge--fail">build failed</span>}
            {b.durationMs != null && <span className="muted"> {(b.durationMs / 1000).toFixed(1)} s</span>}
          </h2>
          {b.steps.length === 0 ? (
            <p className="empty">No steps finished yet.</p>
          ) : (
            <TableWrap label={`Steps of build ${b.name}`}>
              <table className="steps">
                <thead>
                  <tr>
                    <th className="num">#</th>
                    <th>Instruction</th>
                    <th>Result</th>
                  </tr>
                </thead>
                <tbody>
                  {b.steps.map((st) => (
                    <tr key={st.n} data-testid="step">
                      <td className="num">{st.n}</td>
                      <td className="instruction">{st.instruction}</td>
                      <td>
                        <StepResult instruction={st.instruction} cached={st.cached} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )}
        </section>
      ))}

      {s.status !== 'GRADED' && s.checks.length > 0 && (
        <ChecksTable checks={s.checks.map((c) => ({ ...c, id: c.checkId }))} />
      )}

      {s.buildLog && (
        <details className="file">
          <summary>Build log</summary>
          <pre tabIndex={0}>{s.buildLog}</pre>
        </details>
      )}
    </div>
  );
}
