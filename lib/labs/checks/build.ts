import { z } from 'zod';
import { defineCheckKind } from './types';

export const buildCheckKind = defineCheckKind({
  kind: 'build',
  description: 'Passes when the named builds (default: every build of the lab) succeeded.',
  options: {
    builds: z
      .array(z.string().min(1).describe('A build name from `builds`.'))
      .min(1)
      .optional()
      .describe('Builds that must succeed; default: all builds of the lab.'),
  },
  // The build check reports build failures itself: it is always evaluated.
  requiredBuilds: () => [],
  referencedBuilds: (o) => (o.builds ?? []).map((name, i) => ({ path: ['builds', i], name })),
});
