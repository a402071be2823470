import { z } from 'zod';
import { defineCheckKind } from './types';

export const fileCheckKind = defineCheckKind({
  kind: 'file',
  description: 'A path is present (or absent) in the image produced by build `build`.',
  options: {
    build: z.string().min(1).describe('The build (from `builds`) whose final image is inspected.'),
    path: z
      .string()
      .min(1)
      .refine((p) => !p.includes('\0') && !p.split('/').includes('..'), 'must not contain `..` or NUL')
      .describe('Absolute path in the image, or a path relative to the image\'s WORKDIR (e.g. `node_modules/dayjs/package.json`).'),
    present: z.boolean().default(true).describe('true: the path must exist; false: it must not exist. Default true.'),
  },
  requiredBuilds: (o) => [o.build],
  referencedBuilds: (o) => [{ path: ['build'], name: o.build }],
});
