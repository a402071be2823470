import { z } from 'zod';
import { defineCheckKind } from './types';

export const wastedBytesCheckKind = defineCheckKind({
  kind: 'wasted-bytes',
  description:
    'The image of build `build` wastes at most `maxBytes`: bytes of files added by one layer and deleted or overwritten by a later one (dive\'s definition), still shipped in the earlier layer.',
  options: {
    build: z.string().min(1).describe('The build (from `builds`) whose image is inspected.'),
    maxBytes: z.number().int().min(0).default(0).describe('Largest number of wasted bytes allowed. Default 0.'),
    ignore: z
      .array(z.string().min(1))
      .optional()
      .describe('Image path globs whose waste is not counted (e.g. files the base image itself overwrites), `*`, `?`, `**`.'),
  },
  requiredBuilds: (o) => [o.build],
  referencedBuilds: (o) => [{ path: ['build'], name: o.build }],
});
