/** Host paths never reach a student (issue 7 item 7): messages captured from the sandbox engine. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataDir, projectRoot } from '../../lib/env';
import { enginePaths } from './daemon';
import { addEngineRoot, scrubHostPaths } from './engine-text';

const root = enginePaths().dataRoot;

describe('scrubHostPaths', () => {
  it('replaces the build context folder of the classic builder (Dockerfile/x submitted as a folder)', () => {
    const msg = `unexpected error reading Dockerfile: read ${root}/tmp/docker-builder2994252638/Dockerfile: is a directory`;
    expect(scrubHostPaths(msg)).toBe('unexpected error reading Dockerfile: read <build context>/Dockerfile: is a directory');
    // The same on an engine with the default data root.
    expect(scrubHostPaths('read /var/lib/docker/tmp/docker-builder1/Dockerfile: is a directory')).toBe('read <build context>/Dockerfile: is a directory');
  });

  it('keeps the path inside the image of a container root file system (COPY into a file)', () => {
    const id = '8d4196cff697827b4b0df8e7111bb1874db68b4cc93a997ad82d28cbcbb37f8d';
    const msg = `failed to copy files: lstat ${root}/overlay2/${id}/merged/bin/busybox/x: not a directory`;
    expect(scrubHostPaths(msg)).toBe('failed to copy files: lstat <image>/bin/busybox/x: not a directory');
    expect(scrubHostPaths(`mount ${root}/overlay2/${id}-init: invalid`)).toBe('mount <engine>: invalid');
  });

  it('replaces the engine exec root, the data directory and the project, keeping relative rests', () => {
    const { execRoot } = enginePaths();
    expect(scrubHostPaths(`open ${execRoot}/containerd/x.sock: no such file`)).toBe('open <engine>: no such file');
    expect(scrubHostPaths(`connect ENOENT ${dataDir()}/sandbox/docker.sock`)).toBe('connect ENOENT <engine>');
    expect(scrubHostPaths(`see ${dataDir()}/base-images/x`)).toBe('see <data dir>/base-images/x');
    expect(scrubHostPaths(`in ${path.resolve(projectRoot)}/labs/no-secret/lab.yaml`)).toBe('in <project>/labs/no-secret/lab.yaml');
    expect(scrubHostPaths(`${path.resolve(projectRoot)}: x`)).toBe('<project>: x');
  });

  it('leaves paths inside images and student output alone', () => {
    for (const s of [
      'COPY failed: file not found in build context or excluded by .dockerignore: stat missing.txt: file does not exist',
      '/bin/sh: [ls,/]: not found',
      'npm ERR! path /app/node_modules',
      `${path.resolve(projectRoot)}ly/other is another folder`,
    ]) {
      expect(scrubHostPaths(s)).toBe(s);
    }
  });

  it('hides what a RUN prints from /proc/self/mountinfo, also for an engine of another checkout', () => {
    addEngineRoot('/srv/other-checkout/data/sandbox/data');
    const mountinfo =
      '1 0 0:1 / / rw - overlay overlay rw,lowerdir=/srv/other-checkout/data/sandbox/data/overlay2/l/AZRJH5JCOQC7FUC5H7M2QEJU6Q:/opt/x/overlay2/l/BZRJH5JCOQC7FUC5H7M2QEJU6Q\n' +
      `2 1 0:2 /var/lib/x/containers/${'d'.repeat(64)}/resolv.conf /etc/resolv.conf rw`;
    const out = scrubHostPaths(mountinfo);
    expect(out).not.toMatch(/srv|opt\/x|var\/lib|containers\//);
    expect(out).toContain('lowerdir=<engine>:<engine>');
    expect(out).toContain('<engine> /etc/resolv.conf');
  });
});
