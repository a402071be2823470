import { z } from 'zod';
import { defineCheckKind } from './types';

const regex = z
  .string()
  .min(1)
  .refine((s) => { try { new RegExp(s); return true; } catch { return false; } }, 'must be a valid regular expression');

export const layerCountCheckKind = defineCheckKind({
  kind: 'layer-count',
  description:
    'The final stage of build `build` adds at most `max` layers on top of its base image (or: the steps matching `steps` add at most `max` layers).',
  options: {
    build: z.string().min(1).describe('The build (from `builds`) whose image is inspected.'),
    max: z.number().int().min(0).describe('Largest number of layers allowed.'),
    steps: regex
      .optional()
      .describe('Only count layers created by final-stage steps whose instruction matches this regular expression (case-insensitive), e.g. `^(ADD|COPY|RUN)\\b.*tools`. Default: every step of the final stage.'),
    stepLabel: z.string().min(1).optional().describe('How feedback names the counted steps, e.g. "the tools install".'),
    count: z
      .enum(['changed', 'sized'])
      .default('changed')
      .describe('`changed` (default): a layer counts when it changes anything (a file, a directory or a deletion); `sized`: only layers holding file bytes (what `docker history` shows as > 0 B).'),
  },
  requiredBuilds: (o) => [o.build],
  referencedBuilds: (o) => [{ path: ['build'], name: o.build }],
});
