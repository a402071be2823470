import { z } from 'zod';
import { defineCheckKind } from './types';

export const metadataCheckKind = defineCheckKind({
  kind: 'metadata',
  description:
    'The image config of build `build` has the expected user, working directory, CMD, ENTRYPOINT, exposed ports, environment and labels (only the fields given are checked).',
  options: {
    build: z.string().min(1).describe('The build (from `builds`) whose image config is inspected.'),
    user: z.string().optional().describe('Expected `USER` exactly as set (e.g. `node`, `1000:1000`).'),
    nonRoot: z.boolean().optional().describe('true: the image must not run as root (USER set to something other than root/0).'),
    workdir: z.string().optional().describe('Expected WORKDIR (absolute).'),
    cmd: z.array(z.string()).optional().describe('Expected CMD, exec form (a shell-form CMD is `["/bin/sh","-c","…"]`).'),
    entrypoint: z.array(z.string()).nullable().optional().describe('Expected ENTRYPOINT, exec form; `null`: no ENTRYPOINT.'),
    exposedPorts: z
      .array(z.union([z.number().int().min(1).max(65535), z.string().regex(/^\d{1,5}(\/(tcp|udp|sctp))?$/)]))
      .optional()
      .describe('Ports that must be exposed (`3000` means `3000/tcp`); others may be exposed too.'),
    env: z.record(z.string(), z.string()).optional().describe('Environment variables that must be set, with their values.'),
    labels: z.record(z.string(), z.string()).optional().describe('Labels that must be set, with their values.'),
  },
  requiredBuilds: (o) => [o.build],
  referencedBuilds: (o) => [{ path: ['build'], name: o.build }],
});
