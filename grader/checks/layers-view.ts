/**
 * Shared by the layer-reading checks (layer-count, wasted-bytes, file-absent-from-layers): the image
 * model of a build, read once per grade and image (a `docker save` stream, headers only), with each
 * layer attributed to the Dockerfile step that created it.
 */
import { attributeHistory, baseHistoryLength, formatBytes, type ImageModel, type StepLike } from '../inspect/layers';
import { historyInstruction } from '../inspect/history-match';
import { code, stepRef } from '../report/feedback';
import { finalBaseImage, finalStageSteps, requireDriver } from './final-stage';
import type { BuildRecord, CheckContext, ImageDriver } from './types';

const models = new WeakMap<ImageDriver, Map<string, Promise<ImageModel>>>();

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
  /** Per history entry: the final-stage step that created it (undefined: base image or unknown). */
  attribution: (StepLike | undefined)[];
  /** History index of the first entry of the final stage. */
  firstFinalHistory: number;
  /** The external image the final stage builds on (for feedback). */
  baseImage: string;
  /** Dockerfile reference of a layer: "line 4 `RUN …`", "the base image (…)", or "layer 3 (`…`)". */
  label(layerIndex: number, capital?: boolean): string;
  /** Is the layer one of the final stage's own (not from the base image)? */
  isFinalStage(layerIndex: number): boolean;
}

export async function layersView(ctx: CheckContext, build: BuildRecord): Promise<LayersView> {
  const model = await imageModelOf(ctx, build.imageId!);
  const steps = finalStageSteps(build);
  const attribution = attributeHistory(model, steps);
  const firstFinalHistory = baseHistoryLength(model, steps.length);
  const baseImage = finalBaseImage(ctx.dockerfile) ?? 'the base image';
  const isFinalStage = (i: number) => (model.layers[i]?.historyIndex ?? -1) >= firstFinalHistory;
  const label = (i: number, capital = false) => {
    const h = model.layers[i]?.historyIndex;
    const step = h === undefined ? undefined : attribution[h];
    if (step) return stepRef(step, capital);
    if (!isFinalStage(i)) return `${capital ? 'The' : 'the'} base image ${baseImage} (its layer ${i + 1})`;
    const text = h === undefined ? '' : historyInstruction(model.history[h].createdBy);
    return `${capital ? 'Layer' : 'layer'} ${i + 1}${text ? ` ${code(text)}` : ''}`;
  };
  return { model, attribution, firstFinalHistory, baseImage, label, isFinalStage };
}

export { formatBytes };
