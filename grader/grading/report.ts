/**
 * Stage 6, report: the scored checks with their help, each build's steps as the student reads them,
 * the cache diffs and the waste map, checked against the report contract (lib/grading/report.ts).
 * Also the report of a submission refused before any build (or stopped at the grade's time limit).
 */
import { GradeReportSchema, type BuildLayers, type CacheDiff, type GradeReport, type GradeReportBuild, type PredictionReport, type WasteMap } from '../../lib/grading/report';
import { mismatchLog } from '../report/prediction';
import { describeBuildFailure } from '../checks/build';
import type { BuildRecord, CheckOutcome } from '../checks/types';
import type { ParsedDockerfile } from '../../lib/dockerfile/parse';
import { shippedChain } from '../dockerfile/stages';
import { InfrastructureError } from '../errors';
import type { Lab } from '../labs';
import { withHelp } from '../report/enrich';
import { scoreChecks } from '../scoring/score';
import type { EvaluatedCheck } from './evaluate';
import type { Emit } from './types';

export interface ReportInput {
  lab: Lab;
  parsed: ParsedDockerfile;
  records: ReadonlyMap<string, BuildRecord>;
  checks: readonly EvaluatedCheck[];
  cacheDiffs: CacheDiff[];
  wasteMap?: WasteMap;
  /** The cache predictor against the engine (report/prediction.ts); absent when it could not run. */
  prediction?: { report: PredictionReport; predicted: ReadonlyMap<string, ReadonlyMap<number, boolean>> };
  /** Layer explorer of the analysed builds (report/enrich.ts reportLayers). */
  layers?: BuildLayers[];
  /** The score is out, the explorer is still being read (GradeInput.onScored). */
  layersPending?: boolean;
  log: string;
  gradeId: string;
}

/** The report of a graded submission. Throws InfrastructureError if it breaks the report contract (a grader bug). */
export function gradeReport(r: ReportInput): GradeReport {
  const scored = scoreChecks(r.checks);
  const causes = new Map(r.checks.flatMap((e) => (e.outcome.help ? [[e.check.id, e.outcome.help] as const] : [])));
  return checked({
    lab: r.lab.id,
    ...scored,
    checks: withHelp(scored.checks, r.lab, r.cacheDiffs, causes),
    builds: r.lab.builds.map((b) => reportBuild(r.records.get(b.name)!, r.parsed, r.prediction?.predicted.get(b.name))),
    cacheDiffs: r.cacheDiffs,
    ...(r.wasteMap ? { wasteMap: r.wasteMap } : {}),
    ...(r.prediction ? { prediction: r.prediction.report } : {}),
    ...(r.layers ? { layers: r.layers } : {}),
    ...(r.layersPending ? { layersPending: true as const } : {}),
    log: r.prediction ? r.log + mismatchLog(r.prediction.report) : r.log,
    gradeId: r.gradeId,
  });
}

/** A build as the report shows it: each step with its line, stage, cache state, time and size. */
export function reportBuild(b: BuildRecord, parsed: ParsedDockerfile, predicted?: ReadonlyMap<number, boolean>): GradeReportBuild {
  const multiStage = parsed.stages.length > 1;
  const shipped = new Set(shippedChain(parsed).stages);
  const out: GradeReportBuild = {
    name: b.name,
    ok: b.ok,
    durationMs: b.durationMs,
    steps: b.steps.map((s) => ({
      n: s.n,
      instruction: s.instruction,
      cached: s.cached,
      ...(s.line !== undefined ? { line: s.line } : {}),
      ...(multiStage && s.stage >= 0 ? { stage: parsed.stages[s.stage]?.name ?? `stage ${s.stage + 1}`, ships: shipped.has(s.stage) } : {}),
      ...(!b.ok && b.failedStep?.n === s.n ? { failed: true } : {}),
      durationMs: s.durationMs ?? 0,
      sizeBytes: s.sizeBytes ?? 0,
      ...(predicted?.has(s.n) ? { predictedCached: predicted.get(s.n) } : {}),
    })),
  };
  if (!b.ok) out.error = b.skipped ? b.error : describeBuildFailure(b, parsed);
  return out;
}

/**
 * A graded result for a submission refused before any build: every check 0, the build check with
 * `reason`, the others "not evaluated" (`notEvaluated`, or a pointer to the build check).
 */
export function refusedReport(lab: Lab, reason: string, emit: Emit, notEvaluated?: string): GradeReport {
  const buildCheck = lab.checks.find((c) => c.kind === 'build');
  const entries = lab.checks.map((check) => {
    const outcome: CheckOutcome = {
      passed: false,
      feedback:
        check.kind === 'build' || !buildCheck
          ? reason
          : (notEvaluated ?? `Not evaluated: the submission was refused before any build (see “${buildCheck.title}”).`),
    };
    emit({ type: 'check', id: check.id, passed: false });
    return { check, outcome };
  });
  const scored = scoreChecks(entries);
  return checked({
    lab: lab.id,
    ...scored,
    checks: withHelp(scored.checks, lab, []),
    builds: lab.builds.map((b) => ({ name: b.name, ok: false, durationMs: 0, steps: [], error: reason })),
    cacheDiffs: [],
    log: `${reason}\n`,
  });
}

/** The report, once the contract has read it. */
function checked(report: GradeReport): GradeReport {
  const r = GradeReportSchema.safeParse(report);
  if (!r.success) {
    const where = r.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new InfrastructureError(`the grader made a report that breaks its contract (${where})`);
  }
  return report;
}
