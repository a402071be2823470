/**
 * Shared by the layer-reading checks (layer-count, wasted-bytes, file-absent-from-layers): the image
 * model of a build, read once per grade and image (a `docker save` stream, headers only), with each
 * layer attributed to the Dockerfile step that created it.
 */
import { formatBytes } from '../../lib/format';
import { attributeHistory, baseHistoryLength, type StepLike } from '../inspect/attribution';
import { analyseImage, type ImageAnalysis } from '../inspect/analysis';
import type { ImageModel } from '../inspect/image-archive';
import { historyInstruction } from '../inspect/history-match';
import { code, stepRef } from '../report/feedback';
import { finalBaseImage, fromStageNote, shippedSteps, requireDriver } from './final-stage';
import { stageLabel } from '../dockerfile/stages';
import type { BuildRecord, CheckContext, ImageDriver } from './types';

const models = new WeakMap<ImageDriver, Map<string, Promise<ImageModel>>>();

/**
 * The analysis of `imageId`: the grade's own (CheckContext.imageAnalysis, made once per image and
 * shared with the report), else one made here from a model memoised per driver (unit-test contexts).
 */
export async function imageAnalysisOf(ctx: CheckContext, imageId: string): Promise<ImageAnalysis> {
  return ctx.imageAnalysis ? ctx.imageAnalysis(imageId) : analyseImage(await imageModelOf(ctx, imageId));
}

/** The image model of `imageId`, memoised per grade (driver) so several checks share one read. */
export function imageModelOf(ctx: CheckContext, imageId: string): Promise<ImageModel> {
  let perDriver = models.get(ctx.driver);
  if (!perDriver) models.set(ctx.driver, (perDriver = new Map()));
  let p = perDriver.get(imageId);
  if (!p) {
    p = requireDriver(ctx, 'imageModel')(imageId);
    p.catch(() => perDriver!.delete(imageId));
    perDriver.set(imageId, p);
  }
  return p;
}

export interface LayersView {
  model: ImageModel;
  /** The image's one analysis: fates, waste (inspect/analysis.ts). */
  analysis: ImageAnalysis;
  /** Per history entry: the shipped step that created it (undefined: base image or unknown). */
  attribution: (StepLike | undefined)[];
  /** History index of the first entry made by the Dockerfile (entries below it come from the external base image). */
  firstOwnHistory: number;
  /** The external image at the bottom of the shipped chain (for feedback). */
  baseImage: string;
  /** Dockerfile reference of a layer: "line 4 `RUN …` (stage `builder`)", "the base image (…)", or "layer 3 (`…`)". */
  label(layerIndex: number, capital?: boolean): string;
  /** Was the layer made by the Dockerfile (any shipped stage), not taken from the external base image? */
  isOwn(layerIndex: number): boolean;
  /** The step that made the layer, when known. */
  stepOf(layerIndex: number): StepLike | undefined;
  /**
   * When some of `layerIndexes` were made by a stage that the final stage is built FROM (not by the
   * final stage itself): a sentence naming the `FROM <stage>` line as the cause and the fix; else ''.
   */
  chainNote(layerIndexes: readonly number[]): string;
}

export async function layersView(ctx: CheckContext, build: BuildRecord): Promise<LayersView> {
  const analysis = await imageAnalysisOf(ctx, build.imageId!);
  const model = analysis.model;
  const steps = shippedSteps(build, ctx.dockerfile);
  const attribution = attributeHistory(model, steps);
  const firstOwnHistory = baseHistoryLength(model, steps.length);
  const baseImage = finalBaseImage(ctx.dockerfile) ?? 'the base image';
  const parsed = ctx.dockerfile;
  const finalStage = parsed.stages.length - 1;
  const multiStage = parsed.stages.length > 1;
  const isOwn = (i: number) => (model.layers[i]?.historyIndex ?? -1) >= firstOwnHistory;
  const stepOf = (i: number) => {
    const h = model.layers[i]?.historyIndex;
    return h === undefined ? undefined : attribution[h];
  };
  const label = (i: number, capital = false) => {
    const h = model.layers[i]?.historyIndex;
    const step = stepOf(i);
    if (step) return `${stepRef(step, capital)}${multiStage && step.stage !== undefined ? ` (${stageLabel(parsed, step.stage)})` : ''}`;
    if (!isOwn(i)) return `${capital ? 'The' : 'the'} base image ${baseImage} (its layer ${i + 1})`;
    const text = h === undefined ? '' : historyInstruction(model.history[h].createdBy);
    return `${capital ? 'Layer' : 'layer'} ${i + 1}${text ? ` ${code(text)}` : ''}`;
  };
  const chainNote = (layerIndexes: readonly number[]) => {
    const inherited = new Set<number>();
    for (const i of layerIndexes) {
      const st = stepOf(i)?.stage;
      if (st !== undefined && st !== finalStage) inherited.add(st);
    }
    if (inherited.size === 0) return '';
    return fromStageNote(parsed, [...inherited]);
  };
  return { model, analysis, attribution, firstOwnHistory, baseImage, label, isOwn, stepOf, chainNote };
}

export { formatBytes };
