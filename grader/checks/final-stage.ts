/** Small helpers shared by the image-inspecting checks (image-size, secret, context, metadata). */
import type { ParsedDockerfile, Instruction } from '../../lib/dockerfile/parse';
import { shippedChain, stageLabel } from '../dockerfile/stages';
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

/**
 * "Your final stage is built `FROM build` (line 8), so every layer of stage `build` ships …": the cause
 * and the fix when layers of earlier stages reach the image through a FROM <stage> chain. `stages`:
 * the stage indexes to name (default: every shipped stage but the final one); '' when there are none.
 */
export function fromStageNote(parsed: ParsedDockerfile, stages?: readonly number[]): string {
  const final = parsed.stages[parsed.stages.length - 1];
  const named = stages ?? shippedChain(parsed).stages.slice(0, -1);
  if (!final || named.length === 0) return '';
  const names = named.map((s) => stageLabel(parsed, s)).join(' and ');
  return (
    `Your final stage is built \`FROM ${final.image}\` (line ${final.from.startLine}), so every layer of ${names} ships in the image too, ` +
    'including the build tools installed there (deleting them in a later step only hides them). A multi-stage build keeps them out only when ' +
    `the final stage starts FROM a clean base image (\`FROM ${finalBaseImage(parsed) ?? '<base image>'}\`) and copies just what the app needs with \`COPY --from=<stage>\`.`
  );
}
