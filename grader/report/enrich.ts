/**
 * The student report's analysis parts, added to a scored grade: cache diffs between consecutive
 * builds, help for each failing check, and (when cheap or asked for) the waste map. The pure parts
 * live in cache-diff.ts, help.ts and waste-map.ts; this file only gathers their inputs.
 */
import type { Lab, LabCheck } from '../labs';
import { layersView } from '../checks/layers-view';
import { checkKind } from '../checks/registry';
import type { BuildRecord, CheckContext } from '../checks/types';
import type { ParsedDockerfile } from '../../lib/dockerfile/parse';
import type { CheckReport } from '../scoring/score';
import { cacheDiffs, type CacheDiff } from './cache-diff';
import { checkHelp } from './help';
import { wasteMapOf, type WasteMap } from './waste-map';
import { layerExplorerOf, type BuildLayers } from './layer-explorer';


export function reportCacheDiffs(lab: Pick<Lab, 'builds'>, records: ReadonlyMap<string, BuildRecord>, parsed: ParsedDockerfile): CacheDiff[] {
  return cacheDiffs(
    lab.builds.map((b) => {
      const r = records.get(b.name);
      return { name: b.name, attempted: !!r && !r.skipped, steps: r?.steps ?? [], changedFiles: r?.changedFiles ?? [] };
    }),
    parsed,
  );
}

/** Adds `help` to each failing check; `causes` (by check id) are the checks' own explanations (CheckOutcome.help). */
export function withHelp(
  checks: CheckReport[],
  lab: Pick<Lab, 'checks' | 'lesson'>,
  diffs: readonly CacheDiff[],
  causes: ReadonlyMap<string, { why?: string; fix?: string }> = new Map(),
): CheckReport[] {
  return checks.map((c) => {
    if (c.passed) return c;
    const check = lab.checks.find((k) => k.id === c.id);
    if (!check) return c;
    return { ...c, help: checkHelp({ check, feedback: c.feedback, lab, cacheDiffs: diffs, cause: causes.get(c.id) }) };
  });
}

/**
 * The waste map of one build: the build a layer-reading check already read (free), else — when the
 * lab opts in with `report: { wasteMap: true }` — the last successful build. Undefined otherwise, or
 * when the image cannot be read (the report must not fail because of it).
 */
export async function reportWasteMap(lab: Lab, ctx: CheckContext): Promise<WasteMap | undefined> {
  if (!ctx.driver.imageModel) return undefined;
  const layerCheck = lab.checks.find((c): c is LabCheck & { build: string } => !!checkKind(c.kind)?.readsImages && typeof (c as { build?: unknown }).build === 'string');
  let name = layerCheck?.build;
  if (!name && lab.report?.wasteMap) name = [...lab.builds].reverse().find((b) => ctx.builds.get(b.name)?.ok)?.name;
  const build = name ? ctx.builds.get(name) : undefined;
  if (!build?.ok || !build.imageId) return undefined;
  try {
    const view = await layersView(ctx, build);
    return wasteMapOf(build.name, view.model, view.attribution, (i) => view.label(i), undefined, view.analysis.waste);
  } catch (err) {
    console.error(`[grader] waste map of build ${build.name} skipped: ${(err as Error).message}`);
    return undefined;
  }
}

/**
 * The layer explorer: every successful build's final image, in lab order, from the analyses the
 * grade's one image read made (grading/analyse.ts). Undefined without an image reader; a build whose
 * image cannot be read is skipped (logged: the report must not fail because of it).
 */
export async function reportLayers(lab: Lab, ctx: CheckContext): Promise<BuildLayers[] | undefined> {
  if (!ctx.driver.imageModel) return undefined;
  const stageName = (i: number) => (ctx.dockerfile.stages.length > 1 ? (ctx.dockerfile.stages[i]?.name ?? `stage ${i + 1}`) : undefined);
  const views = await Promise.all(
    builtImages(lab, ctx).map((build) =>
      layersView(ctx, build).then(
        (view) => layerExplorerOf(build.name, { analysis: view.analysis, isOwn: view.isOwn, stepOf: view.stepOf, label: (i) => view.label(i), stageName }),
        (err: Error) => {
          console.error(`[grader] layer explorer of build ${build.name} skipped: ${err.message}`);
          return undefined;
        },
      ),
    ),
  );
  return views.filter((v): v is BuildLayers => !!v);
}

function builtImages(lab: Lab, ctx: CheckContext): (BuildRecord & { imageId: string })[] {
  return lab.builds.map((b) => ctx.builds.get(b.name)).filter((b): b is BuildRecord & { imageId: string } => !!b?.ok && !!b.imageId);
}
