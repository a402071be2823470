/**
 * Waste map (pure): each file added by one step and deleted or overwritten by a later one (dive's
 * definition, inspect/file-tree.ts `wastedBytes`), with its bytes and both Dockerfile lines. `waste`:
 * the build's analysis (inspect/analysis.ts) when already made.
 */
import { OUTPUT_CAPS } from '../../lib/grading/limits';
import type { StepLike } from '../inspect/attribution';
import { wastedBytes, type WasteReport } from '../inspect/file-tree';
import type { ImageModel } from '../inspect/image-archive';
import type { WasteMap, WasteStepRef } from '../../lib/grading/report';

export type { WasteMap, WasteMapEntry, WasteStepRef } from '../../lib/grading/report';

export function wasteMapOf(
  build: string,
  model: Pick<ImageModel, 'layers' | 'history'>,
  attribution: readonly (StepLike | undefined)[],
  label: (layer: number) => string,
  limit: number = OUTPUT_CAPS.wasteMapEntries,
  report: WasteReport = wastedBytes(model),
): WasteMap {
  const ref = (layer: number): WasteStepRef => {
    const h = model.layers[layer]?.historyIndex;
    const step = h === undefined ? undefined : attribution[h];
    const out: WasteStepRef = { layer, label: label(layer) };
    if (step?.line !== undefined) out.line = step.line;
    if (step) out.instruction = step.instruction;
    return out;
  };
  return {
    build,
    totalBytes: report.totalBytes,
    imageBytes: report.imageBytes,
    entries: report.groups.slice(0, limit).map((g) => ({ path: g.path, files: g.files, bytes: g.bytes, how: g.how, addedBy: ref(g.addedBy), removedBy: ref(g.removedBy) })),
    more: Math.max(0, report.groups.length - limit),
  };
}
