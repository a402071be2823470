/**
 * Which stages ship (pure). In a multi-stage build only the last stage becomes the image, but when
 * that stage is built `FROM <an earlier stage>` (one hop or several), the image is that stage's image
 * plus more layers: every layer of every stage in that chain ships, on top of the one external image
 * at its bottom. `COPY --from=<stage>` copies files, not layers, so a stage used that way does not ship.
 * (Docker's classic builder: a FROM naming an earlier stage starts from that stage's resulting image.)
 */
import { expandFromImage, type ParsedDockerfile, type Stage } from '../../lib/dockerfile/parse';

export interface ShippedChain {
  /** Stage indexes whose layers ship, bottom first (the stage FROM the external image first, the final stage last). */
  stages: number[];
  /** The external image at the bottom of the chain (after meta-ARG expansion); undefined when it cannot be told. */
  baseImage?: string;
}

/** The earlier stage a stage's FROM names (case-insensitive, as Docker compares stage names), if any. */
export function parentStage(parsed: ParsedDockerfile, stage: Stage): Stage | undefined {
  const image = expandFromImage(stage.image, parsed.metaArgs);
  if (image === undefined) return undefined;
  return parsed.stages.slice(0, stage.index).reverse().find((s) => s.name === image.toLowerCase());
}

/** The chain of stages whose layers make up the final image (see the module comment). */
export function shippedChain(parsed: ParsedDockerfile): ShippedChain {
  const stages: number[] = [];
  let current: Stage | undefined = parsed.stages[parsed.stages.length - 1];
  while (current && stages.length < parsed.stages.length) {
    stages.unshift(current.index);
    const parent = parentStage(parsed, current);
    if (!parent) {
      const baseImage = expandFromImage(current.image, parsed.metaArgs);
      return { stages, ...(baseImage !== undefined ? { baseImage } : {}) };
    }
    current = parent;
  }
  return { stages };
}

/** A stage's display name for feedback: `builder` for `AS builder`, else `stage 2` (1-based). */
export function stageLabel(parsed: ParsedDockerfile, index: number): string {
  const name = parsed.stages[index]?.name;
  return name ? `stage \`${name}\`` : `stage ${index + 1}`;
}
