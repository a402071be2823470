import { z } from 'zod';
import { LINT_RULE_KEYS, lintCheckKind } from '../../lib/labs/checks/lint';
import { lintDockerfile } from '../dockerfile/lint';
import type { Instruction, ParsedDockerfile } from '../dockerfile/parse';
import { instructionRuns } from '../dockerfile/select';
import { withHint } from '../report/feedback';
import type { CheckKind } from './types';

/**
 * `lint`: advisory hints over the parsed Dockerfile (no build needed). With `points: 0` the check
 * always passes and only lists its hints; with points it passes only when no hint applies.
 */
export const lintCheck: CheckKind<'lint'> = {
  kind: 'lint',
  optionsSchema: z.object(lintCheckKind.options),
  definition: lintCheckKind,
  async run(ctx, check) {
    const hints = lintDockerfile(ctx.dockerfile, {
      rules: check.rules,
      caches: (check.caches ?? []).map((c) => ({
        name: c.name,
        install: (ins: Instruction, parsed: ParsedDockerfile) => instructionRuns(parsed, ins, c.install),
        clean: (ins: Instruction, parsed: ParsedDockerfile) => instructionRuns(parsed, ins, c.clean),
        fix: c.fix,
      })),
    });
    const advisory = check.points === 0;
    if (hints.length === 0) return { passed: true, feedback: `No hints (checked: ${(check.rules ?? LINT_RULE_KEYS).join(', ')}).` };
    const list = hints.map((h) => `- ${h.message}`).join('\n');
    const head = `${hints.length} hint${hints.length === 1 ? '' : 's'}${advisory ? ' (advisory: no points depend on them)' : ''}:`;
    return advisory ? { passed: true, feedback: `${head}\n${list}` } : { passed: false, feedback: withHint(`${head}\n${list}`, check.hint) };
  },
};
