import { z } from 'zod';
import { defineCheckKind } from './types';

export const contextCheckKind = defineCheckKind({
  kind: 'context',
  description:
    'The build context sent to the engine for build `build` (after .dockerignore) stays within `maxBytes`/`maxFiles`, and none of the `excluded` paths reached it nor the final image.',
  options: {
    build: z.string().min(1).describe('The build (from `builds`) whose context is measured.'),
    maxBytes: z.number().int().positive().optional().describe('At most this many bytes of file content sent to the engine.'),
    maxFiles: z.number().int().positive().optional().describe('At most this many files sent to the engine.'),
    excluded: z
      .array(
        z
          .string()
          .min(1)
          .refine((p) => !p.startsWith('/') && !p.split('/').includes('..'), 'must be relative, without `..`')
          .describe('A context path: a file (`.env`) or a folder with a trailing slash (`node_modules/`).'),
      )
      .default([])
      .describe('Paths that must not be sent to the engine (and whose context files must not be in the image).'),
    checkImage: z
      .boolean()
      .default(true)
      .describe('Also verify that no context file under `excluded` is in the final image (relative to its WORKDIR). Default true.'),
  },
  // Measuring the context needs no successful build, but the image part does.
  requiredBuilds: (o) => [o.build],
  referencedBuilds: (o) => [{ path: ['build'], name: o.build }],
});
