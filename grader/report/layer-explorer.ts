/**
 * Layer explorer (pure): one build's final image layer by layer, as dive shows it — each layer with
 * the Dockerfile step (line, stage, instruction) that made it, its size, and its entries: added,
 * modified (replacing a lower layer's entry), deleted (whiteouts), with the copies a later layer
 * deletes or overwrites marked as wasted. Read from the image's ONE analysis (inspect/analysis.ts:
 * its fates and waste), never from the archive again. Capped by OUTPUT_CAPS.explorerFilesPer…
 */
import { OUTPUT_CAPS } from '../../lib/grading/limits';
import type { BuildLayers, ExplorerFile, ExplorerLayer } from '../../lib/grading/report';
import type { ImageAnalysis } from '../inspect/analysis';
import type { StepLike } from '../inspect/attribution';
import type { ImageLayer } from '../inspect/image-archive';

export type { BuildLayers, ExplorerFile, ExplorerLayer } from '../../lib/grading/report';

/** What the explorer needs of a build's layers view (checks/layers-view.ts). */
export interface ExplorerSource {
  analysis: Pick<ImageAnalysis, 'model' | 'fates' | 'waste'>;
  /** Was the layer made by the Dockerfile (not taken from the external base image)? */
  isOwn(layerIndex: number): boolean;
  stepOf(layerIndex: number): StepLike | undefined;
  label(layerIndex: number): string;
  /** The stage's name as the report shows it (multi-stage only), else undefined. */
  stageName?(stageIndex: number): string | undefined;
}

export interface ExplorerCaps {
  filesPerLayer: number;
  filesPerBuild: number;
}

const DEFAULT_CAPS: ExplorerCaps = { filesPerLayer: OUTPUT_CAPS.explorerFilesPerLayer, filesPerBuild: OUTPUT_CAPS.explorerFilesPerBuild };

/** The explorer of one build's image; layers bottom first. Base-image layers list no files. */
export function layerExplorerOf(build: string, src: ExplorerSource, caps: ExplorerCaps = DEFAULT_CAPS): BuildLayers {
  let budget = caps.filesPerBuild;
  const layers = src.analysis.model.layers.map((layer) => {
    const entries = src.isOwn(layer.index) ? layerEntries(layer, src.analysis) : [];
    const keep = Math.max(0, Math.min(caps.filesPerLayer, budget));
    const files = keepMostTelling(entries, keep);
    budget -= files.length;
    return explorerLayer(layer, src, entries, files);
  });
  return { build, layers };
}

function explorerLayer(layer: ImageLayer, src: ExplorerSource, entries: readonly ExplorerFile[], files: ExplorerFile[]): ExplorerLayer {
  const own = src.isOwn(layer.index);
  const step = src.stepOf(layer.index);
  const stage = step?.stage !== undefined ? src.stageName?.(step.stage) : undefined;
  const wastedBytes = entries.reduce((s, f) => s + (f.wasted ? f.bytes : 0), 0);
  const fileCount = layer.files.length + layer.whiteouts.length;
  return {
    index: layer.index,
    ...(step?.line !== undefined ? { line: step.line } : {}),
    ...(stage ? { stage } : {}),
    ...(step ? { instruction: step.instruction } : {}),
    label: src.label(layer.index),
    ...(own ? {} : { base: true }),
    sizeBytes: layer.size,
    fileCount,
    wastedBytes: own ? wastedBytes : wastedOf(layer, src.analysis),
    files,
    moreFiles: own ? entries.length - files.length : fileCount,
  };
}

/**
 * A layer's files (not directories: a re-listed directory is only a timestamp) and whiteouts, by
 * path. Modified: the analysis recorded a lower entry overwritten by this layer at that path.
 * Deleted: a whiteout, with the bytes it hid (the analysis's waste removed by this layer through it).
 */
export function layerEntries(layer: ImageLayer, analysis: Pick<ImageAnalysis, 'fates' | 'waste'>): ExplorerFile[] {
  const overwritten = new Set<string>();
  for (const m of analysis.fates.fates.values()) {
    for (const [p, fate] of m) if (fate.how === 'overwritten' && fate.byLayer === layer.index) overwritten.add(p);
  }
  const hidden = new Map<string, number>();
  for (const w of analysis.waste.files) {
    if (w.removedBy === layer.index && w.how === 'deleted') hidden.set(w.via, (hidden.get(w.via) ?? 0) + w.bytes);
  }
  const doomed = analysis.fates.fates.get(layer.index);
  const out: ExplorerFile[] = [];
  for (const f of layer.files) {
    if (f.type === 'directory') continue;
    const wasted = f.size > 0 && doomed?.has(f.path);
    out.push({ path: f.path, change: overwritten.has(f.path) ? 'modified' : 'added', bytes: f.size, ...(wasted ? { wasted: true } : {}) });
  }
  for (const w of layer.whiteouts) out.push({ path: w.path, change: 'deleted', bytes: hidden.get(w.path) ?? 0 });
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** At most `n` entries, by path: whiteouts and wasted copies first, then the largest (what a reader looks for). */
function keepMostTelling(entries: readonly ExplorerFile[], n: number): ExplorerFile[] {
  if (entries.length <= n) return [...entries];
  const rank = (f: ExplorerFile) => (f.change === 'deleted' || f.wasted ? 1 : 0);
  const kept = [...entries].sort((a, b) => rank(b) - rank(a) || b.bytes - a.bytes).slice(0, n);
  return kept.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Wasted bytes of a layer (its files a later layer deletes or overwrites), from the analysis's waste. */
function wastedOf(layer: ImageLayer, analysis: Pick<ImageAnalysis, 'waste'>): number {
  return analysis.waste.files.reduce((s, w) => s + (w.addedBy === layer.index ? w.bytes : 0), 0);
}
