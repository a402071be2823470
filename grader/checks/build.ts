import { z } from 'zod';
import { buildCheckKind } from '../../lib/labs/checks/build';
import { code, lastLines, stepRef, withHint } from '../report/feedback';
import type { BuildRecord, CheckKind } from './types';

/** `build`: the named builds (default all) succeeded. Reports the first failure with its line. */
export const buildCheck: CheckKind<'build'> = {
  kind: 'build',
  optionsSchema: z.object(buildCheckKind.options),
  definition: buildCheckKind,
  async run(ctx, check) {
    const names = check.builds ?? [...ctx.builds.keys()];
    const records = names.map((n) => ctx.builds.get(n)).filter((b): b is BuildRecord => b !== undefined);
    const failed = records.find((b) => !b.ok);
    if (!failed) {
      return { passed: true, feedback: records.length === 1 ? `Build \`${records[0].name}\` succeeded.` : `All ${records.length} builds succeeded.` };
    }
    return { passed: false, feedback: withHint(describeBuildFailure(failed), check.hint) };
  },
};

export function describeBuildFailure(b: BuildRecord): string {
  if (b.skipped && !b.error) return `Build \`${b.name}\` was not attempted because an earlier build failed.`;
  const error = b.error ?? 'unknown error';
  if (b.failedStep) {
    const out = lastLines(b.failedStep.output);
    return `Build \`${b.name}\` failed at ${stepRef(b.failedStep)}: ${error}${out && !error.includes(out) ? `\nLast output:\n${out}` : ''}`;
  }
  return `Build \`${b.name}\` failed: ${error}`;
}

export { code };
