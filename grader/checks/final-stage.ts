/** Small helpers shared by the image-inspecting checks (image-size, secret, context, metadata). */
import type { ParsedDockerfile, Instruction } from '../dockerfile/parse';
import { expandFromImage } from '../dockerfile/parse';
import type { BuildRecord, CheckContext, ImageDriver } from './types';
import { InfrastructureError } from '../errors';

/** The final stage's steps after FROM (the ones whose layers are on top of the final image). */
export function finalStageSteps(build: BuildRecord): { n: number; keyword: string; instruction: string; line?: number }[] {
  const last = Math.max(-1, ...build.steps.map((s) => s.stage));
  return build.steps.filter((s) => s.stage === last && s.keyword !== 'FROM').map((s) => ({ n: s.n, keyword: s.keyword, instruction: s.instruction, line: s.line }));
}

/** The last instruction with `keyword` in the final stage (e.g. the CMD that wins). */
export function lastInFinalStage(parsed: ParsedDockerfile, keyword: string): Instruction | undefined {
  const stage = parsed.stages[parsed.stages.length - 1];
  return stage ? [...stage.instructions].reverse().find((i) => i.keyword === keyword) : undefined;
}

/** The external image the final stage is built on (following `FROM <earlier stage>`). */
export function finalBaseImage(parsed: ParsedDockerfile): string | undefined {
  let idx = parsed.stages.length - 1;
  for (let hops = 0; idx >= 0 && hops < 50; hops++) {
    const image = expandFromImage(parsed.stages[idx].image, parsed.metaArgs);
    if (image === undefined) return undefined;
    const earlier = parsed.stages.slice(0, idx).reverse().find((s) => s.name === image.toLowerCase());
    if (!earlier) return image;
    idx = earlier.index;
  }
  return undefined;
}

export function requireDriver<K extends keyof ImageDriver>(ctx: CheckContext, method: K): NonNullable<ImageDriver[K]> {
  const fn = ctx.driver[method];
  if (typeof fn !== 'function') throw new InfrastructureError(`the image driver cannot ${String(method)}`);
  return (fn as (...a: unknown[]) => unknown).bind(ctx.driver) as NonNullable<ImageDriver[K]>;
}
