import { z } from 'zod';
import type { ParsedDockerfile } from '../../lib/dockerfile/parse';
import { explainFailure, type FailureCause } from '../report/build-failure-causes';
import { failureExcerptParts } from '../report/failure-excerpt';
import { code, stepRef, withHint } from '../report/feedback';
import type { BuildRecord } from './types';
import { defineCheckKind, unknownBuild } from './kind';

/** `build`: the named builds (default all) succeeded. Reports the first failure with its line, why it failed and, for a well-known cause, how to fix it. */
export const buildCheck = defineCheckKind({
  kind: 'build',
  description: 'Passes when the named builds (default: every build of the lab) succeeded.',
  options: {
    builds: z
      .array(z.string().min(1).describe('A build name from `builds`.'))
      .min(1)
      .optional()
      .describe('Builds that must succeed; default: all builds of the lab.'),
  },
  help: {
    why: 'Docker runs the instructions in order and stops at the first one that fails; without an image, nothing else can be checked.',
    fix: 'Fix the line named above and build again.',
  },
  // The build check reports build failures itself: it is always evaluated.
  requiredBuilds: () => [],
  validate: (check, lab) => (check.builds ?? []).flatMap((name, i) => unknownBuild(['builds', i], name, lab)),
  async run(ctx, check) {
    const names = check.builds ?? [...ctx.builds.keys()];
    const records = names.map((n) => ctx.builds.get(n)).filter((b): b is BuildRecord => b !== undefined);
    const failed = records.find((b) => !b.ok);
    if (!failed) {
      return { passed: true, feedback: records.length === 1 ? `Build \`${records[0].name}\` succeeded.` : `All ${records.length} builds succeeded.` };
    }
    const cause = buildFailureCause(failed, ctx.dockerfile);
    return {
      passed: false,
      feedback: withHint(describeBuildFailure(failed, ctx.dockerfile), check.hint),
      ...(cause ? { help: { why: cause.why, fix: cause.fix } } : {}),
    };
  },
});

/** The well-known cause of a failed build (report/build-failure-causes.ts), if one matches. */
export function buildFailureCause(b: BuildRecord, dockerfile?: ParsedDockerfile): FailureCause | undefined {
  if (b.ok || b.skipped) return undefined;
  return explainFailure({
    phase: 'build',
    step: b.failedStep,
    error: b.error ?? '',
    output: b.failedStep?.output ?? '',
    dockerfile,
    context: b.context ? { sent: b.context.sent.map((f) => f.path), ignored: b.context.ignored } : undefined,
  });
}

/**
 * A failed build in words: the build, the failing line and the engine's error; then the lines of the
 * step's output that explain the failure and its last lines (report/failure-excerpt.ts); then, when
 * the failure is a well-known one, its cause in one sentence. `dockerfile` lets the causes name lines.
 */
export function describeBuildFailure(b: BuildRecord, dockerfile?: ParsedDockerfile): string {
  if (b.skipped && !b.error) return `Build \`${b.name}\` was not attempted because an earlier build failed.`;
  const error = b.error ?? 'unknown error';
  const cause = buildFailureCause(b, dockerfile);
  const likely = cause ? `\nLikely cause: ${cause.summary}` : '';
  if (b.failedStep) {
    const out = failureExcerptParts(b.failedStep.output);
    const label = out.explained ? 'Output (the lines that explain it, then the last lines):' : 'Last output:';
    return `Build \`${b.name}\` failed at ${stepRef(b.failedStep)}: ${error}${out.text && !error.includes(out.text) ? `\n${label}\n${out.text}` : ''}${likely}`;
  }
  return `Build \`${b.name}\` failed: ${error}${likely}`;
}

export { code };
