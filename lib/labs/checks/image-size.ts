import { z } from 'zod';
import { relativePathProblem } from '../paths';
import { defineCheckKind } from './types';

export const imageSizeCheckKind = defineCheckKind({
  kind: 'image-size',
  description:
    'The final image of build `build` is at most `maxMb`, and/or at most `reference.maxPercent` % of a reference build (a lab-owned Dockerfile built on the same context in the same grade).',
  options: {
    build: z.string().min(1).describe('The build (from `builds`) whose final image is measured.'),
    measure: z
      .enum(['added', 'total'])
      .default('added')
      .describe('`added` (default): bytes the Dockerfile added on top of its base image; `total`: the whole image, base included.'),
    maxMb: z.number().positive().optional().describe('Absolute limit in MB (10^6 bytes) of the measured size.'),
    reference: z
      .strictObject({
        dockerfile: z
          .string()
          .superRefine((p, ctx) => {
            const problem = relativePathProblem(p);
            if (problem) ctx.addIssue({ code: 'custom', message: `reference.dockerfile ${problem}` });
          })
          .describe('Path of the reference Dockerfile, relative to the lab folder (e.g. `reference/Dockerfile.single-stage`).'),
        maxPercent: z.number().positive().max(1000).describe('The measured size must be at most this percentage of the reference image\'s.'),
        label: z.string().min(1).optional().describe('How feedback names the reference, e.g. "the single-stage build".'),
      })
      .optional()
      .describe('Compare with a reference image built from the same context (same edits) in the same grade.'),
  },
  requiredBuilds: (o) => [o.build],
  referencedBuilds: (o) => [{ path: ['build'], name: o.build }],
});
