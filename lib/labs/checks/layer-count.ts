import { z } from 'zod';
import { StepSelectorSchema } from '../step-selector';
import { defineCheckKind } from './types';

export const layerCountCheckKind = defineCheckKind({
  kind: 'layer-count',
  description:
    'The image of build `build` adds at most `max` layers on top of its external base image, counting every stage whose layers ship (the final stage and the stages it is built FROM), or only the steps `steps` selects.',
  options: {
    build: z.string().min(1).describe('The build (from `builds`) whose image is inspected.'),
    max: z.number().int().min(0).describe('Largest number of layers allowed.'),
    steps: StepSelectorSchema.optional().describe(
      'Only count layers created by the steps this selects (e.g. `{instruction: RUN, program: /opt/layertools/install.sh}`). Default: every step whose layer ships in the final image.',
    ),
    stepLabel: z.string().min(1).optional().describe('How feedback names the counted steps, e.g. "the tools install".'),
    count: z
      .enum(['changed', 'sized'])
      .default('changed')
      .describe('`changed` (default): a layer counts when it changes anything (a file, a directory or a deletion); `sized`: only layers holding file bytes (what `docker history` shows as > 0 B).'),
  },
  requiredBuilds: (o) => [o.build],
  referencedBuilds: (o) => [{ path: ['build'], name: o.build }],
});
