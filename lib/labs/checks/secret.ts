import { z } from 'zod';
import { defineCheckKind } from './types';

export const secretCheckKind = defineCheckKind({
  kind: 'secret',
  description:
    'The per-grade secret (`{{secret}}` in the lab\'s edits: a fresh random value on every grade) appears nowhere in the image of build `build`: not in any layer\'s files (deleted ones included), not in the history, not in Env or Labels.',
  options: {
    build: z.string().min(1).describe('The build (from `builds`) whose final image is searched.'),
    source: z
      .string()
      .min(1)
      .optional()
      .describe('Where the build gets the secret from, for feedback (e.g. "the token in `.registry-token`").'),
  },
  requiredBuilds: (o) => [o.build],
  referencedBuilds: (o) => [{ path: ['build'], name: o.build }],
});
