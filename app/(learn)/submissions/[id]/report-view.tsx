import Link from 'next/link';
import { InlineCodeText } from '@/app/_components/text';
import { formatBytes } from '@/lib/format';
import type { SubmissionView } from '@/lib/submissions/dto';
import type { StoredReport } from '@/lib/submissions/report';
import { LayerExplorer } from './layer-explorer';
import { TableWrap } from '@/app/_components/table-wrap';

/**
 * The graded report: per build a step table with duration and layer-size bars, the cache diff, the
 * waste map, the layer explorer (layer-explorer.tsx), and each check with what/why/fix and the lesson link. No hooks: rendered on the server
 * for a finished submission (and by the live view as a fallback).
 */

type Model = {
  builds: {
    name: string;
    ok: boolean | null;
    durationMs: number | null;
    error?: string;
    steps: { n: number; instruction: string; cached: boolean; line?: number | null; stage?: string; ships?: boolean; failed?: boolean; durationMs?: number; sizeBytes?: number; predictedCached?: boolean }[];
  }[];
  checks: { id: string; title: string; passed: boolean; points: number; maxPoints: number; feedback: string; help?: NonNullable<StoredReport['checks'][number]['help']> }[];
  cacheDiffs: StoredReport['cacheDiffs'];
  wasteMap?: StoredReport['wasteMap'];
  prediction?: StoredReport['prediction'];
  layers?: StoredReport['layers'];
  layersPending?: StoredReport['layersPending'];
};

/** The stored report, or (older submissions) the per-build and per-check rows. */
export function reportModel(view: SubmissionView): Model {
  if (view.report) return view.report;
  return {
    builds: view.builds,
    checks: view.checks.map((c) => ({ ...c, id: c.checkId })),
    cacheDiffs: [],
  };
}


export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function fmt(n: number) {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

const isBase = (instruction: string) => /^FROM\s/i.test(instruction);

function Bar({ value, max, kind }: { value: number; max: number; kind: 'time' | 'size' | 'waste' }) {
  const pct = max > 0 ? Math.max(value > 0 ? 1 : 0, Math.round((value / max) * 100)) : 0;
  return (
    <span className="bar" aria-hidden="true">
      <span className={`bar__fill bar__fill--${kind}`} style={{ width: `${pct}%` }} />
    </span>
  );
}

export function StepResult({ instruction, cached, failed }: { instruction: string; cached: boolean; failed?: boolean }) {
  if (failed) return <span className="badge badge--fail">FAILED</span>;
  if (isBase(instruction)) return <span className="badge badge--base">BASE</span>;
  return cached ? <span className="badge badge--cached">CACHED</span> : <span className="badge badge--run">BUILT</span>;
}

export function ReportView({ view }: { view: SubmissionView }) {
  const r = reportModel(view);
  const steps = r.builds.flatMap((b) => b.steps);
  const maxMs = Math.max(0, ...steps.map((s) => s.durationMs ?? 0));
  const maxBytes = Math.max(0, ...steps.map((s) => s.sizeBytes ?? 0));
  const analysed = steps.some((s) => s.durationMs !== undefined);
  const staged = steps.some((s) => s.stage !== undefined);
  const predicted = steps.some((s) => s.predictedCached !== undefined);

  return (
    <div className="report" data-testid="report">
      {r.prediction && r.prediction.compared > 0 ? (
        <p className="prediction-summary" data-testid="prediction-summary">
          Cache prediction (made from your Dockerfile before any build, as on the lab page): right for{' '}
          <strong>
            {r.prediction.agreed} of {r.prediction.compared}
          </strong>{' '}
          steps of the builds after the first
          {r.prediction.mismatches.length > 0 ? '; the steps marked “≠” went otherwise.' : '.'}
        </p>
      ) : null}
      {r.builds.map((b, i) => {
        const diff = r.cacheDiffs.find((d) => d.build === b.name);
        return (
          <section key={b.name} data-testid={`build-${b.name}`}>
            <h2>
              Build <code>{b.name}</code>{' '}
              {b.ok === true && <span className="badge badge--pass">built</span>}
              {b.ok === false && <span className="badge badge--fail">{b.steps.length || b.durationMs ? 'build failed' : 'not built'}</span>}
              {b.durationMs ? <span className="muted"> {(b.durationMs / 1000).toFixed(1)} s</span> : null}
            </h2>
            {diff && (
              <p className="cache-diff" data-testid={`cache-diff-${b.name}`}>
                <InlineCodeText text={diff.summary} />
              </p>
            )}
            {b.ok === false && b.error ? <pre className="build-error" tabIndex={0}>{b.error}</pre> : null}
            {b.steps.length === 0 ? (
              <p className="empty">No steps.</p>
            ) : (
              <TableWrap label={`Steps of build ${b.name}`}>
                <table className="steps">
                  <thead>
                    <tr>
                      <th className="num">Line</th>
                      {staged && <th>Stage</th>}
                      <th>Instruction</th>
                      <th>Result</th>
                      {predicted && <th>Predicted</th>}
                      {analysed && <th className="bar-col">Duration</th>}
                      {analysed && <th className="bar-col">Layer size</th>}
                    </tr>
                  </thead>
                  <tbody>
                    {b.steps.map((st) => {
                      const firstMiss = diff?.firstMiss?.n === st.n;
                      const rebuilt = diff?.rebuilt.some((x) => x.n === st.n);
                      return (
                        <tr key={st.n} data-testid="step" className={firstMiss ? 'step--first-miss' : rebuilt ? 'step--rebuilt' : undefined}>
                          <td className="num">{st.line ?? st.n}</td>
                          {staged && (
                            <td className="stage">
                              <code>{st.stage}</code>
                              {st.ships === false && <span className="muted small"> (not shipped)</span>}
                            </td>
                          )}
                          <td className="instruction">{st.instruction}</td>
                          <td>
                            <StepResult instruction={st.instruction} cached={st.cached} failed={st.failed} />
                            {firstMiss && <span className="muted small"> first miss</span>}
                          </td>
                          {predicted && (
                            <td className="predicted" data-testid="predicted">
                              {st.predictedCached === undefined ? null : (
                                <>
                                  {st.predictedCached ? 'cached' : 'runs again'}
                                  {st.predictedCached !== st.cached && i > 0 ? (
                                    <span className="mismatch" title="The engine did otherwise">
                                      {' '}
                                      <span aria-hidden="true">≠</span>
                                      <span className="visually-hidden">(the engine did otherwise)</span>
                                    </span>
                                  ) : null}
                                </>
                              )}
                            </td>
                          )}
                          {analysed && (
                            <td className="bar-col">
                              <Bar value={st.durationMs ?? 0} max={maxMs} kind="time" />
                              <span className="bar__label">{formatMs(st.durationMs ?? 0)}</span>
                            </td>
                          )}
                          {analysed && (
                            <td className="bar-col">
                              {isBase(st.instruction) ? (
                                <span className="muted small">base image</span>
                              ) : (
                                <>
                                  <Bar value={st.sizeBytes ?? 0} max={maxBytes} kind="size" />
                                  <span className="bar__label">{formatBytes(st.sizeBytes ?? 0)}</span>
                                </>
                              )}
                            </td>
                          )}
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </TableWrap>
            )}
          </section>
        );
      })}

      {r.wasteMap && (
        <section data-testid="waste-map">
          <h2>
            Waste map <span className="muted">build <code>{r.wasteMap.build}</code></span>
          </h2>
          <p>
            {formatBytes(r.wasteMap.totalBytes)} of the image&apos;s {formatBytes(r.wasteMap.imageBytes)} are files that a later step deleted or
            overwrote: invisible in the container, still shipped in the layer that added them.
          </p>
          {r.wasteMap.entries.length > 0 && (
            <TableWrap label="Waste map">
              <table className="waste">
                <thead>
                  <tr>
                    <th>Path</th>
                    <th className="bar-col">Bytes</th>
                    <th>Added by</th>
                    <th>Deleted / overwritten by</th>
                  </tr>
                </thead>
                <tbody>
                  {r.wasteMap.entries.map((e, i) => (
                    <tr key={i}>
                      <td className="instruction">
                        {e.path}
                        {e.files > 1 ? <span className="muted small"> ({e.files} files)</span> : null}
                      </td>
                      <td className="bar-col">
                        <Bar value={e.bytes} max={r.wasteMap!.entries[0]?.bytes ?? 0} kind="waste" />
                        <span className="bar__label">{formatBytes(e.bytes)}</span>
                      </td>
                      <td>
                        <InlineCodeText text={e.addedBy.label} />
                      </td>
                      <td>
                        {e.how}: <InlineCodeText text={e.removedBy.label} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )}
          {r.wasteMap.more > 0 && <p className="muted">… and {r.wasteMap.more} more.</p>}
        </section>
      )}

      {r.layers && <LayerExplorer builds={r.layers} />}
      {r.layersPending && (
        <section className="layer-explorer" data-testid="layers-pending">
          <h2>Layers</h2>
          <p className="muted">
            <span className="spinner" aria-hidden="true" /> Reading the images&apos; layers… The score above is final; the layer explorer appears here
            in a few seconds.
          </p>
        </section>
      )}

      {r.checks.length > 0 && <ChecksTable checks={r.checks} />}
    </div>
  );
}

/** Each check with pass/fail, points and feedback (what/why/fix and the lesson link when failing). */
export function ChecksTable({ checks }: { checks: Model['checks'] }) {
  return (
    <section>
      <h2>Checks</h2>
      <TableWrap label="Checks">
        <table data-testid="checks">
          <thead>
            <tr>
              <th>Check</th>
              <th>Result</th>
              <th className="num">Points</th>
            </tr>
          </thead>
          <tbody>
            {checks.map((c) => (
              <tr key={c.id} data-testid="check" data-passed={c.passed}>
                <td>
                  <strong>
                    <InlineCodeText text={c.title} />
                  </strong>
                  {!c.passed && c.help ? (
                    <dl className="help" data-testid="check-help">
                      <dt>What happened</dt>
                      <dd className="feedback">
                        <InlineCodeText text={c.help.what} />
                      </dd>
                      <dt>Why</dt>
                      <dd className="feedback">
                        <InlineCodeText text={c.help.why} />
                      </dd>
                      <dt>How to fix it</dt>
                      <dd className="feedback">
                        <InlineCodeText text={c.help.fix} />
                      </dd>
                      {c.help.lessonUrl && (
                        <dd>
                          <Link href={c.help.lessonUrl}>Read the lesson section that teaches this →</Link>
                        </dd>
                      )}
                    </dl>
                  ) : c.feedback ? (
                    <p className="feedback">
                      <InlineCodeText text={c.feedback} />
                    </p>
                  ) : null}
                </td>
                <td>{c.passed ? <span className="badge badge--pass">pass</span> : <span className="badge badge--fail">fail</span>}</td>
                <td className="num">
                  {fmt(c.points)} / {fmt(c.maxPoints)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}
