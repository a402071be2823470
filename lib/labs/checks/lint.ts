import { z } from 'zod';
import { CommandMatcherSchema } from '../step-selector';
import { defineCheckKind } from './types';

/** Keys of the advisory Dockerfile rules (implemented in grader/dockerfile/lint.ts). */
export const LINT_RULE_KEYS = ['consecutive-run', 'add-instead-of-copy', 'shell-form-cmd', 'package-cache', 'cleanup-in-later-layer'] as const;

export const lintCheckKind = defineCheckKind({
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
  requiredBuilds: () => [],
  referencedBuilds: () => [],
});
