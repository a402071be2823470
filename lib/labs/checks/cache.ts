import { z } from 'zod';
import { StepSelectorSchema } from '../step-selector';
import { defineCheckKind } from './types';

export const cacheCheckKind = defineCheckKind({
  kind: 'cache',
  description:
    'After build `build`, the step(s) that `step` selects must have been taken from the build cache (`cached: true`) or rebuilt (`cached: false`).',
  options: {
    build: z.string().min(1).describe('The build (from `builds`) whose steps are inspected.'),
    step: StepSelectorSchema.describe(
      'The step(s) inspected, selected by meaning (instruction, program, subcommand, …), e.g. `{instruction: RUN, program: npm, subcommand: [install, i, ci]}` for the dependency install in any spelling Docker caches alike (see labs/README.md, "Step selectors").',
    ),
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
