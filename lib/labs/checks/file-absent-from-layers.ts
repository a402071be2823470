import { z } from 'zod';
import { defineCheckKind } from './types';

export const fileAbsentFromLayersCheckKind = defineCheckKind({
  kind: 'file-absent-from-layers',
  description:
    'No layer of the image of build `build` contains any of `paths` — not even one that a later layer deleted (its bytes would still ship in the image).',
  options: {
    build: z.string().min(1).describe('The build (from `builds`) whose image is inspected.'),
    paths: z
      .array(
        z
          .string()
          .min(1)
          .refine((p) => !p.includes('\0'), 'must not contain NUL')
          .describe('An absolute image path or glob (`*`, `?`, `**`, `[...]`); without a leading `/` it matches at any depth; a directory covers its content.'),
      )
      .min(1)
      .describe('Paths that must be in no layer, e.g. `**/tools.tar` or `/var/cache/apk`.'),
    label: z.string().min(1).optional().describe('How feedback names what was found, e.g. "the tools archive".'),
  },
  requiredBuilds: (o) => [o.build],
  referencedBuilds: (o) => [{ path: ['build'], name: o.build }],
});
