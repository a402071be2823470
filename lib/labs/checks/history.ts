import { z } from 'zod';
import { defineCheckKind } from './types';

const SIZE_RE = /^\s*\d+(?:\.\d+)?\s*(?:[kKmMgG]i?)?[bB]?\s*$/;
const size = z
  .union([z.number().int().min(0), z.string().regex(SIZE_RE, 'must be a size such as `21B`, `4.7MB` or a number of bytes')])
  .describe('Expected layer size: bytes, or `21B` / `1.2kB` / `4.7MB` (decimal units, like `docker history`).');

export const historyCheckKind = defineCheckKind({
  kind: 'history',
  description:
    'The history of the image of build `build` — the final stage\'s instructions on top of its base image, oldest first, optionally with layer sizes — matches `expected`.',
  options: {
    build: z.string().min(1).describe('The build (from `builds`) whose image history is compared.'),
    expected: z
      .array(
        z.union([
          z.string().min(1).describe('An instruction as in a Dockerfile, e.g. `RUN mkdir /app` (size not compared).'),
          z
            .strictObject({
              instruction: z.string().min(1).describe('An instruction as in a Dockerfile, e.g. `RUN mkdir /app`.'),
              size: size.optional(),
            })
            .describe('An instruction with its expected layer size.'),
        ]),
      )
      .min(1)
      .describe(
        'The target history after FROM, oldest first. Compared normalised: `RUN /bin/sh -c x` ≡ `RUN x`, `#(nop)` stripped, whitespace folded, exec-form arrays compared as arrays; COPY/ADD by destination only (the history records a content hash, not the source).',
      ),
    sizeTolerance: z
      .strictObject({
        bytes: z.number().int().min(0).default(16).describe('Absolute slack in bytes. Default 16.'),
        percent: z.number().min(0).max(100).default(10).describe('Relative slack in percent of the expected size. Default 10.'),
      })
      .optional()
      .describe('How far a size may be from the expected one: the larger of `bytes` and `percent`. Default 16 bytes / 10 %.'),
  },
  requiredBuilds: (o) => [o.build],
  referencedBuilds: (o) => [{ path: ['build'], name: o.build }],
});
