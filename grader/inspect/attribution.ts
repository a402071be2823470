/**
 * Layers ↔ Dockerfile steps (pure; step 3 of 3, see inspect/image-archive.ts): which step made each
 * history entry, and so each layer.
 */
import { createdByMatches } from './history';
import type { ImageModel } from './image-archive';

export interface StepLike {
  n: number;
  keyword: string;
  instruction: string;
  line?: number;
  /** Stage index of the step (absent when unknown). */
  stage?: number;
}

/**
 * Which Dockerfile step created each history entry. In the classic builder every instruction after a
 * FROM commits exactly one history entry, so the last K entries are the K shipped steps in order (the
 * final stage's, preceded by those of the stages it is built FROM: see checks/final-stage.ts
 * `shippedSteps`); everything below comes from the external base image. Each pairing is cross-checked (a RUN entry has no `#(nop)`, others carry their keyword); on
 * any mismatch nothing is attributed (labels fall back to the history text).
 */
export function attributeHistory(model: Pick<ImageModel, 'history'>, shippedSteps: readonly StepLike[]): (StepLike | undefined)[] {
  const out: (StepLike | undefined)[] = model.history.map(() => undefined);
  const k = shippedSteps.length;
  if (k === 0 || k > model.history.length) return out;
  const offset = model.history.length - k;
  for (let i = 0; i < k; i++) {
    if (!createdByMatches(shippedSteps[i].keyword, model.history[offset + i].createdBy)) return model.history.map(() => undefined);
  }
  for (let i = 0; i < k; i++) out[offset + i] = shippedSteps[i];
  return out;
}

/** Index of the first history entry made by the Dockerfile (= number of entries from the external base image). */
export function baseHistoryLength(model: Pick<ImageModel, 'history'>, shippedStepCount: number): number {
  return Math.max(0, model.history.length - shippedStepCount);
}

/** The step that created a layer, or undefined for base-image layers / unknown. */
export function stepOfLayer(model: Pick<ImageModel, 'layers' | 'history'>, layerIndex: number, attribution: readonly (StepLike | undefined)[]): StepLike | undefined {
  const h = model.layers[layerIndex]?.historyIndex;
  return h === undefined ? undefined : attribution[h];
}
