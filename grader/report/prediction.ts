/**
 * The cache predictor's verdict next to the engine's (issue 11): the same prediction the lab page
 * shows (lib/build-cache/predict.ts, from the Dockerfile, the starter files, .dockerignore and the
 * lab's edit list), compared step by step with what each build really did.
 *
 * Only builds after the first are compared: the first build's hits depend on what else the engine
 * built before (steps before the first COPY, such as `WORKDIR /app`, may come from another grade's
 * layers), while the prediction assumes an empty cache, like a first build on a new laptop.
 */
import { predictBuilds, type BuildPrediction } from '../../lib/build-cache/predict';
import type { PredictionReport } from '../../lib/grading/report';
import { buildContexts } from '../../lib/labs/edits';
import type { BuildRecord } from '../checks/types';
import type { GradePlan } from '../grading/preflight';

/** What `{{nonce}}` becomes in the prediction (the browser uses a fixed text too: equal in every build). */
const PLACEHOLDER = (s: string) => s.replace(/\{\{\s*nonce\s*\}\}/g, 'prediction');

/** The prediction of every build of the plan, in the lab's build order. Throws EditError on a broken edit. */
export function predictPlan(plan: Pick<GradePlan, 'lab' | 'files' | 'dockerfile'>): BuildPrediction[] {
  const contexts = buildContexts(plan.files, plan.lab.builds, PLACEHOLDER);
  return predictBuilds(plan.lab.builds.map((b, i) => ({ name: b.name, dockerfile: plan.dockerfile, files: contexts[i] })));
}

/**
 * Prediction against the engine: every step of every build after the first that both the prediction
 * and the engine decided (FROM and failed or skipped builds are left out). `predicted` per step
 * (build → step n → cached?) lets the report's step table show both.
 */
export function comparePrediction(predictions: readonly BuildPrediction[], records: ReadonlyMap<string, BuildRecord>): {
  report: PredictionReport;
  predicted: Map<string, Map<number, boolean>>;
} {
  const predicted = new Map<string, Map<number, boolean>>();
  const report: PredictionReport = { compared: 0, agreed: 0, mismatches: [] };
  predictions.forEach((p, i) => {
    const byStep = new Map(p.steps.filter((s) => s.keyword !== 'FROM' && s.stage >= 0).map((s) => [s.n, s.fate === 'cached']));
    predicted.set(p.name, byStep);
    const record = records.get(p.name);
    if (i === 0 || !record || !record.ok) return;
    for (const step of record.steps) {
      const guess = byStep.get(step.n);
      if (guess === undefined || step.keyword === 'FROM') continue;
      report.compared++;
      if (guess === step.cached) report.agreed++;
      else report.mismatches.push({ build: p.name, n: step.n, ...(step.line !== undefined ? { line: step.line } : {}), instruction: step.instruction, predictedCached: guess, engineCached: step.cached });
    }
  });
  return { report, predicted };
}

/** The comparison for a grade; undefined when the edits cannot be applied (the build stage reported that). */
export function predictionAgainstEngine(plan: Pick<GradePlan, 'lab' | 'files' | 'dockerfile'>, records: ReadonlyMap<string, BuildRecord>): ReturnType<typeof comparePrediction> | undefined {
  try {
    return comparePrediction(predictPlan(plan), records);
  } catch {
    return undefined;
  }
}

/** One line per mismatch, for the grade's log (stored with the submission). */
export function mismatchLog(report: PredictionReport): string {
  return report.mismatches
    .map((m) => `[prediction] build ${m.build} step ${m.n}${m.line ? ` (line ${m.line})` : ''} \`${m.instruction}\`: predicted ${m.predictedCached ? 'cached' : 'rebuilt'}, the engine ${m.engineCached ? 'used the cache' : 'ran it'}\n`)
    .join('');
}
