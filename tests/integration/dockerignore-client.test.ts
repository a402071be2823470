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
import { gradeSubmission, type GradeEvent } from '../../grader/grade';
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

describe.skipIf(!hasDockerCli())('.dockerignore the client refuses', () => {
  it.each([
    ['node_modules\n!\n', /illegal exclusion pattern: "!"/, 'line 2: `!`'],
    ['logs\n[ab\n', /syntax error in pattern/, 'line 2: `[ab`'],
  ])('%j', async (dockerignore, clientAnswer, line) => {
    await expect(clientSends({ dockerignore, files: ['package.json'] })).rejects.toThrow(clientAnswer);
    const events: GradeEvent[] = [];
    const report = await gradeSubmission({ labId: 'dockerignore', docker, files: { Dockerfile: 'FROM layerlab/node:18\n', '.dockerignore': dockerignore }, onEvent: (e) => events.push(e) });
    expect(events.some((e) => e.type === 'build-start')).toBe(false);
    const feedback = report.checks.find((c) => c.id === 'builds')!.feedback;
    expect(feedback).toContain(`Refused before building: .dockerignore ${line}`);
    expect(feedback).toContain("Docker's client refuses to build");
  });
});
