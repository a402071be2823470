import { z } from 'zod';
import { defineCheckKind } from './types';

export const runCheckKind = defineCheckKind({
  kind: 'run',
  description:
    'Runs the image of build `build` (network none, memory/pids/time limits) and checks its exit code and output.',
  options: {
    build: z.string().min(1).describe('The build (from `builds`) whose final image is run.'),
    cmd: z
      .array(z.string())
      .min(1)
      .optional()
      .describe('Command to run instead of the image\'s CMD (exec form). Default: the image\'s own ENTRYPOINT/CMD.'),
    stdoutContains: z.string().min(1).optional().describe('Standard output must contain this text.'),
    stdoutEquals: z.string().optional().describe('Standard output, trimmed, must equal this text.'),
    exitCode: z.number().int().min(0).max(255).default(0).describe('Expected exit code. Default 0.'),
    timeoutSeconds: z
      .number()
      .int()
      .min(1)
      .max(300)
      .optional()
      .describe('Wall-clock limit for this run; default the lab\'s `limits.runTimeoutSeconds`.'),
  },
  requiredBuilds: (o) => [o.build],
  referencedBuilds: (o) => [{ path: ['build'], name: o.build }],
});
