/** Small helpers shared by the image-inspecting checks (image-size, secret, context, metadata). */
import type { ParsedDockerfile, Instruction } from '../dockerfile/parse';
import { shippedChain } from '../dockerfile/stages';
import type { BuildRecord, CheckContext, ImageDriver } from './types';
import { InfrastructureError } from '../errors';

/**
 * The steps whose layers ship in the final image, bottom first: the non-FROM steps of the final stage
 * and of every stage it is built FROM, one hop or several (dockerfile/stages.ts). In the classic
 * builder each of them commits one history entry, so they are the top entries of the image history.
 */
export function shippedSteps(build: BuildRecord, parsed: ParsedDockerfile): { n: number; keyword: string; instruction: string; line?: number; stage: number }[] {
  const chain = new Set(shippedChain(parsed).stages);
  return build.steps
    .filter((s) => chain.has(s.stage) && s.keyword !== 'FROM')
    .map((s) => ({ n: s.n, keyword: s.keyword, instruction: s.instruction, line: s.line, stage: s.stage }));
}

/** The last instruction with `keyword` in the final stage (e.g. the CMD that wins). */
export function lastInFinalStage(parsed: ParsedDockerfile, keyword: string): Instruction | undefined {
  const stage = parsed.stages[parsed.stages.length - 1];
  return stage ? [...stage.instructions].reverse().find((i) => i.keyword === keyword) : undefined;
}

/** The external image the final stage is built on (following `FROM <earlier stage>`, see dockerfile/stages.ts). */
export function finalBaseImage(parsed: ParsedDockerfile): string | undefined {
  return shippedChain(parsed).baseImage;
}

export function requireDriver<K extends keyof ImageDriver>(ctx: CheckContext, method: K): NonNullable<ImageDriver[K]> {
  const fn = ctx.driver[method];
  if (typeof fn !== 'function') throw new InfrastructureError(`the image driver cannot ${String(method)}`);
  return (fn as (...a: unknown[]) => unknown).bind(ctx.driver) as NonNullable<ImageDriver[K]>;
}
