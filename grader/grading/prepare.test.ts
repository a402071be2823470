import type { EngineClient as Docker } from '../engine/client';
import { describe, expect, it } from 'vitest';
import { InfrastructureError } from '../errors';
import { parseDockerfile } from '../../lib/dockerfile/parse';
import { prepareEngine } from './prepare';

const parsed = parseDockerfile('FROM layerlab/node:18 AS deps\nFROM layerlab/busybox\n');
const engine = (o: { ping?: () => Promise<unknown>; missing?: string[]; info?: () => Promise<unknown> }) => {
  const inspected: string[] = [];
  const docker = {
    ping: o.ping ?? (async () => 'OK'),
    info: o.info ?? (async () => ({ DockerRootDir: '/var/lib/docker-test' })),
    getImage: (name: string) => ({
      inspect: async () => {
        inspected.push(name);
        if (o.missing?.includes(name)) throw Object.assign(new Error('no such image'), { statusCode: 404 });
        return { Id: 'sha256:x' };
      },
    }),
  } as unknown as Docker;
  return { docker, inspected };
};

describe('prepareEngine (fake engine)', () => {
  it('checks every base image the Dockerfile names', async () => {
    const { docker, inspected } = engine({});
    await prepareEngine(docker, parsed);
    expect(inspected).toEqual(['layerlab/node:18', 'layerlab/busybox']);
  });

  it('an engine that cannot answer info() is not an error', async () => {
    const { docker } = engine({ info: async () => { throw new Error('no info'); } });
    await expect(prepareEngine(docker, parsed)).resolves.toBeUndefined();
  });

  it('a silent engine or a missing base image is the platform\'s fault', async () => {
    const down = engine({ ping: async () => { throw new Error('connect ENOENT'); } });
    await expect(prepareEngine(down.docker, parsed)).rejects.toThrow(InfrastructureError);
    const missing = engine({ missing: ['layerlab/busybox'] });
    await expect(prepareEngine(missing.docker, parsed)).rejects.toThrow(/base image layerlab\/busybox is missing/);
  });
});
