/**
 * gradeSubmission: the grader core, used by the CLI, the queue worker and the tests. A grade is six
 * stages over one GradeSession (grading/session.ts), which owns the engine resources and always
 * releases them:
 *
 *   preflight (grading/preflight.ts: refuse what will not be built, no engine)
 *   → prepare (grading/prepare.ts: the engine and the base images are there)
 *   → build (grading/build.ts: every build of the lab, cache state from image identity)
 *   → analyse (grading/analyse.ts: the check context, one image analysis per build, cache diffs)
 *   → evaluate (grading/evaluate.ts: the checks)
 *   → report (grading/report.ts: score, help, waste map; checked against lib/grading/report.ts), handed
 *     to `onScored` when given, then the layer explorer (the images' read, started after the builds).
 *
 * A submission's fault (bad file names, disallowed FROM, syntax error, failing RUN, timeout) is a
 * graded result with feedback. An infrastructure fault throws InfrastructureError (no attempt counted).
 */
import { predictionAgainstEngine } from './report/prediction';
import type { GradeReport } from '../lib/grading/report';
import { InfrastructureError } from './errors';
import { loadLab } from './labs';
import { reportLayers, reportWasteMap } from './report/enrich';
import { analyseBuilds } from './grading/analyse';
import { buildAll } from './grading/build';
import { evaluateChecks } from './grading/evaluate';
import { preflight } from './grading/preflight';
import { prepareEngine } from './grading/prepare';
import { gradeReport, refusedReport } from './grading/report';
import { GradeSession } from './grading/session';
import { emitterOf, type GradeInput } from './grading/types';

export { InfrastructureError } from './errors';
export type { GradeReport, GradeReportBuild, GradeReportStep } from '../lib/grading/report';
export type { GradeEvent, GradeInput } from './grading/types';

export async function gradeSubmission(input: GradeInput): Promise<GradeReport> {
  const lab = await loadLab(input.labId, input.labs);
  const emit = emitterOf(input.onEvent);
  if (input.signal?.aborted) throw new InfrastructureError('grading was cancelled');
  const pre = preflight(lab, input);
  if (!pre.ok) return refusedReport(lab, pre.reason, emit);
  const { plan } = pre;
  await prepareEngine(input.docker, plan.parsed);
  const session = new GradeSession(input.docker, plan.limits, input.signal, input.gradeId);
  let scored: GradeReport | undefined;
  try {
    const built = await buildAll(session, plan, emit);
    const { ctx, cacheDiffs, readFinalImages } = analyseBuilds(session, plan, built.records);
    const checks = await evaluateChecks(ctx, emit, () => session.checkAborted());
    const wasteMap = await reportWasteMap(lab, ctx);
    const prediction = predictionAgainstEngine(plan, built.records);
    const parts = { lab, parsed: plan.parsed, records: built.records, checks, cacheDiffs, wasteMap, prediction, log: built.log, gradeId: session.nonce };
    // Score first: the caller may publish the score while the explorer's images are still being read.
    if (input.onScored) {
      const early = gradeReport({ ...parts, layersPending: true });
      await input.onScored(early);
      scored = early;
    }
    session.checkAborted();
    readFinalImages();
    const layers = await reportLayers(lab, ctx);
    session.checkAborted(); // stopped while the images were read: no explorer rather than a partial one
    return gradeReport({ ...parts, layers });
  } catch (err) {
    // Stopped after the score was handed out (reading the explorer's images): the score stands.
    if (scored && session.stoppedByTimeLimit) return { ...scored, layersPending: undefined };
    // Stopped by its own wall clock: graded (0, with the reason), not an infrastructure fault.
    if (!session.stoppedByTimeLimit) throw err;
    const reason = `The grade did not finish within ${plan.limits.gradeTimeoutSeconds} s (all builds and checks together) and was stopped.`;
    return { ...refusedReport(lab, reason, emit, 'Not evaluated: the grade was stopped at its time limit.'), gradeId: session.nonce };
  } finally {
    await session.close();
  }
}
