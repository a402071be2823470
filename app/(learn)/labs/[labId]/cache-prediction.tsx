'use client';

import { useDeferredValue, useMemo } from 'react';
import { describeMiss, predictBuilds, type BuildPrediction } from '@/lib/build-cache/predict';
import { buildContexts, overlay } from '@/lib/labs/edits';
import type { Edit } from '@/lib/labs/schema';

/** A lab build as the page passes it: name, what it changes, and its scripted edits. */
export type PredictedBuildDef = { name: string; description?: string; edits: Edit[] };

/** What `{{nonce}}` becomes for the prediction: any fixed text (it is the same in every build). */
const PLACEHOLDER = (s: string) => s.replace(/\{\{\s*nonce\s*\}\}/g, 'prediction');

/**
 * The cache predictor on the lab page: for each of the lab's builds, which steps of the Dockerfile
 * being typed would come from the build cache and which would run again, and the first instruction
 * whose inputs change — computed in the browser on every edit (lib/build-cache/predict.ts, the same
 * code the grader's report compares with what the engine did).
 */
export function CachePrediction({
  builds,
  starterFiles,
  files,
}: {
  builds: PredictedBuildDef[];
  starterFiles: { path: string; content: string }[];
  files: Record<string, string>;
}) {
  // Typing stays responsive: the prediction follows the deferred text.
  const deferred = useDeferredValue(files);
  const result = useMemo(() => predict(builds, starterFiles, deferred), [builds, starterFiles, deferred]);
  if ('error' in result) {
    return (
      <section className="prediction" aria-labelledby="prediction-title" data-testid="cache-prediction">
        <h3 id="prediction-title">Cache prediction</h3>
        <p className="muted">{result.error}</p>
      </section>
    );
  }
  return (
    <section className="prediction" aria-labelledby="prediction-title" data-testid="cache-prediction">
      <h3 id="prediction-title">Cache prediction</h3>
      <p className="muted">
        Before any build: what Docker&apos;s build cache would do with this Dockerfile in each of the grader&apos;s builds.
      </p>
      <p className="visually-hidden" aria-live="polite" data-testid="prediction-summary">
        {result.map(summary).join(' ')}
      </p>
      {result.map((b, i) => (
        <details key={b.name} open={i > 0} className="prediction-build" data-build={b.name}>
          <summary>
            Build <code>{b.name}</code>
            {builds[i]?.description ? <span className="muted"> — {builds[i].description}</span> : null}:{' '}
            <strong data-testid="prediction-counts">{counts(b)}</strong>
          </summary>
          {b.firstRebuilt && i > 0 ? (
            <p data-testid="prediction-first">
              First step that runs again: line {b.firstRebuilt.line} <code>{b.firstRebuilt.text}</code> —{' '}
              {describeMiss(b.firstRebuilt.reason)}.
            </p>
          ) : null}
          {b.notes.map((n) => (
            <p key={n} className="field-error">
              {n}
            </p>
          ))}
          <div className="table-wrap" role="region" aria-label={`Steps of build ${b.name}`} tabIndex={0}>
            <table className="prediction-steps">
              <thead>
                <tr>
                  <th scope="col">Line</th>
                  <th scope="col">Instruction</th>
                  <th scope="col">Cache</th>
                </tr>
              </thead>
              <tbody>
                {b.steps.map((s) => (
                  <tr key={s.n} data-fate={s.keyword === 'FROM' ? 'from' : s.fate}>
                    <td className="num">{s.line}</td>
                    <td>
                      <code className="instruction">{s.text}</code>
                    </td>
                    <td className="fate">
                      {s.keyword === 'FROM' || s.stage < 0 ? (
                        <span className="muted">base</span>
                      ) : s.fate === 'cached' ? (
                        <span className="badge badge--cached">
                          <span aria-hidden="true">✓ </span>cached
                        </span>
                      ) : (
                        <span className="badge badge--run" title={describeMiss(s.reason)}>
                          <span aria-hidden="true">↻ </span>runs again
                        </span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      ))}
    </section>
  );
}

function predict(
  builds: PredictedBuildDef[],
  starterFiles: { path: string; content: string }[],
  files: Record<string, string>,
): BuildPrediction[] | { error: string } {
  if (!files.Dockerfile?.trim()) return { error: 'Write a Dockerfile to see which steps each build would take from the cache.' };
  try {
    const contexts = buildContexts(overlay(starterFiles, files), builds, PLACEHOLDER);
    return predictBuilds(builds.map((b, i) => ({ name: b.name, dockerfile: files.Dockerfile, files: contexts[i] })));
  } catch (err) {
    return { error: `No prediction: ${(err as Error).message}` };
  }
}

function counts(b: BuildPrediction): string {
  const decided = b.steps.filter((s) => s.keyword !== 'FROM' && s.stage >= 0);
  const cached = decided.filter((s) => s.fate === 'cached').length;
  return `${cached} cached, ${decided.length - cached} run again`;
}

function summary(b: BuildPrediction): string {
  const first = b.firstRebuilt ? ` First to run again: line ${b.firstRebuilt.line}.` : '';
  return `Build ${b.name}: ${counts(b)}.${first}`;
}
