/**
 * Stage 4, analyse: what the checks and the report read of the builds. The check context (the
 * records, the parsed Dockerfile, the driver, the per-build image analysis made at most once per
 * image: inspect/analysis.ts) and the cache diffs between consecutive builds.
 *
 * Every successful build's final image is read in ONE `docker save` (`readFinalImages`): the layer
 * explorer shows each of them, the layer-reading checks and the waste map take theirs from it, and
 * the same pass searches file contents for the checks' needles (the secret check's token). The read
 * starts here when a check reads images; otherwise the caller starts it after the score, so that it
 * does not compete with the checks (a `docker run`) for the machine.
 */
import type { CacheDiff } from '../../lib/grading/report';
import { checksReadImages, contentNeedles } from '../checks/registry';
import type { BuildRecord, CheckContext } from '../checks/types';
import { ImageAnalyses } from '../inspect/analysis';
import { reportCacheDiffs } from '../report/enrich';
import type { GradePlan } from './preflight';
import type { GradeSession } from './session';

export interface GradeAnalysis {
  ctx: CheckContext;
  cacheDiffs: CacheDiff[];
  /** Starts the one read of every successful build's final image (idempotent; started already when a check reads images). */
  readFinalImages: () => void;
}

/** The analysis of a session's builds; the final images' read starts here and is awaited by its readers. */
export function analyseBuilds(session: Pick<GradeSession, 'driver' | 'nonce'>, plan: GradePlan, records: Map<string, BuildRecord>): GradeAnalysis {
  const { driver } = session;
  const images = driver.imageModel
    ? new ImageAnalyses((id) => driver.imageModel!(id), driver.imageModels ? (ids, onContent) => driver.imageModels!(ids, onContent) : undefined)
    : undefined;
  const ctx: CheckContext = {
    lab: plan.lab,
    builds: records,
    dockerfile: plan.parsed,
    driver,
    runTimeoutSeconds: plan.limits.runTimeoutSeconds,
    memoryMb: plan.limits.memoryMb,
    nonce: session.nonce,
    ...(images ? { imageAnalysis: (id: string) => images.of(id) } : {}),
  };
  // A failed read is forgotten by ImageAnalyses; each reader then meets the error on its own read.
  const readFinalImages = () => images?.prefetch(finalImages(plan, records), contentNeedles(plan.lab.checks, { nonce: session.nonce }));
  if (checksReadImages(plan.lab.checks)) readFinalImages();
  return { ctx, cacheDiffs: reportCacheDiffs(plan.lab, records, plan.parsed), readFinalImages };
}

/** The image ids of the lab's successful builds, in lab order. */
export function finalImages(plan: Pick<GradePlan, 'lab'>, records: ReadonlyMap<string, BuildRecord>): string[] {
  return plan.lab.builds.map((b) => records.get(b.name)).flatMap((r) => (r?.ok && r.imageId ? [r.imageId] : []));
}
