/**
 * Stage 4, analyse: what the checks and the report read of the builds. The check context (the
 * records, the parsed Dockerfile, the driver, the per-build image analysis made at most once per
 * image: inspect/analysis.ts) and the cache diffs between consecutive builds.
 */
import type { CacheDiff } from '../../lib/grading/report';
import type { BuildRecord, CheckContext } from '../checks/types';
import { ImageAnalyses } from '../inspect/analysis';
import { reportCacheDiffs } from '../report/enrich';
import type { GradePlan } from './preflight';
import type { GradeSession } from './session';

export interface GradeAnalysis {
  ctx: CheckContext;
  cacheDiffs: CacheDiff[];
}

/** The analysis of a session's builds; image archives are read lazily, when a reader first asks. */
export function analyseBuilds(session: Pick<GradeSession, 'driver' | 'nonce'>, plan: GradePlan, records: Map<string, BuildRecord>): GradeAnalysis {
  const { driver } = session;
  const images = driver.imageModel ? new ImageAnalyses((id) => driver.imageModel!(id)) : undefined;
  const ctx: CheckContext = {
    lab: plan.lab,
    builds: records,
    dockerfile: plan.parsed,
    driver,
    runTimeoutSeconds: plan.limits.runTimeoutSeconds,
    memoryMb: plan.limits.memoryMb,
    nonce: session.nonce,
    ...(images ? { imageAnalysis: (id: string) => images.of(id), imageAnalysed: (id: string) => images.has(id) } : {}),
  };
  return { ctx, cacheDiffs: reportCacheDiffs(plan.lab, records, plan.parsed) };
}
