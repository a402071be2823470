/**
 * .dockerignore against the real client (issue 7 item 5): Debian's docker.io `docker build`
 * (DOCKER_BUILDKIT=0, the classic builder's client) packs each context of the table in
 * grader/engine/dockerignore.cases.ts and sends it to the sandbox engine; what reached the engine
 * must equal the recorded `sent`, and the grader's own packing must equal it too. Runs when the
 * client is installed (scripts/setup installs docker.io; LAYERLAB_DOCKER_CLI overrides the path).
 */
import type Docker from 'dockerode';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBaseImages } from '../../grader/engine/base-images';
import { ensureEngine } from '../../grader/engine/daemon';
import { DOCKERIGNORE_CASES, graderSends } from '../../grader/engine/dockerignore.cases';
import { clientSends, hasDockerCli } from '../helpers/dockerignore-client';

let docker: Docker;
beforeAll(async () => {
  docker = await ensureEngine();
  await ensureBaseImages(docker);
});

describe.skipIf(!hasDockerCli())('.dockerignore: the real client vs the grader', () => {
  it.each(DOCKERIGNORE_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const real = await clientSends(c);
    expect(real).toEqual(c.sent);
    expect(graderSends(c)).toEqual(real);
  });
});
