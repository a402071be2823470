import { z } from 'zod';
import { LINT_RULES as LINT_RULE_KEYS, lintDockerfile } from '../dockerfile/lint';
import type { Instruction, ParsedDockerfile } from '../../lib/dockerfile/parse';
import { instructionRuns } from '../dockerfile/select';
import { withHint } from '../report/feedback';
import { CommandMatcherSchema } from '../../lib/labs/step-selector';
import { defineCheckKind } from './kind';

/**
 * `lint`: advisory hints over the parsed Dockerfile (no build needed). With `points: 0` the check
 * always passes and only lists its hints; with points it passes only when no hint applies.
 */
export const lintCheck = defineCheckKind({
  kind: 'lint',
  description:
    'Advisory hints on the Dockerfile (consecutive RUN, ADD where COPY fits, shell-form CMD, package caches left behind, cleanup in a later layer). With `points: 0` it never fails and costs nothing; with points it passes only when no hint applies.',
  options: {
    rules: z
      .array(z.enum(LINT_RULE_KEYS))
      .min(1)
      .optional()
      .describe(`Rules to apply (default: all): ${LINT_RULE_KEYS.join(', ')}.`),
    caches: z
      .array(
        z.strictObject({
          name: z.string().min(1).describe('How the hint names the cache, e.g. "the layertools download cache (/var/cache/layertools)".'),
          install: CommandMatcherSchema.describe('A command inside a RUN that creates the cache, e.g. `{program: /opt/layertools/install.sh}`.'),
          clean: CommandMatcherSchema.describe('A command that must be in the same RUN to remove the cache, e.g. `{program: rm, arguments: [/var/cache/layertools]}`.'),
          fix: z.string().min(1).describe('How to avoid it, e.g. "end the same RUN with `&& rm -rf /var/cache/layertools`".'),
        }),
      )
      .optional()
      .describe('Package caches of the lab\'s own tools, checked by the `package-cache` rule besides apt, apk, npm and pip.'),
  },
  help: {
    why: 'These are habits that keep images small and builds cache-friendly.',
    fix: 'See the hint above.',
  },
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
});
