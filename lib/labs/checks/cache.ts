import { z } from 'zod';
import { defineCheckKind } from './types';

export const cacheCheckKind = defineCheckKind({
  kind: 'cache',
  description:
    'After build `build`, the step(s) whose instruction matches `step` must have been taken from the build cache (`cached: true`) or rebuilt (`cached: false`).',
  options: {
    build: z.string().min(1).describe('The build (from `builds`) whose steps are inspected.'),
    step: z
      .string()
      .min(1)
      .refine((s) => { try { new RegExp(s); return true; } catch { return false; } }, 'must be a valid regular expression')
      .describe('Regular expression (JavaScript syntax, case-insensitive) matched against each step\'s instruction text, e.g. `^RUN\\b.*\\bnpm (install|ci)\\b`.'),
    cached: z.boolean().describe('true: the matching step must be a cache hit; false: it must have run again.'),
    match: z
      .enum(['all', 'any'])
      .optional()
      .describe('Which matching steps must satisfy `cached`. Default: `all` when cached is true, `any` when false.'),
    stepLabel: z
      .string()
      .min(1)
      .optional()
      .describe('How feedback names the step, e.g. "the dependency install". Default: the instruction itself.'),
  },
  // A cache check after build X depends on every build up to X: the layers it reuses come from them.
  requiredBuilds: (o, order) => {
    const idx = order.indexOf(o.build);
    return idx < 0 ? [o.build] : order.slice(0, idx + 1);
  },
  referencedBuilds: (o) => [{ path: ['build'], name: o.build }],
});
