/**
 * Run Debian's docker.io client (`/usr/bin/docker`, classic builder) over a .dockerignore case and
 * report what reached the engine: every file, and every folder that arrived empty (trailing `/`),
 * sorted, without the Dockerfile and .dockerignore. Used by the dockerignore integration test; the
 * same function recorded `sent` in grader/engine/dockerignore.cases.ts.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { dockerSocketPath } from '../../lib/env';
import type { DockerignoreCase } from '../../grader/engine/dockerignore.cases';

const run = promisify(execFile);

/** The classic-builder CLI: Debian's docker.io client (the CI machine installs it with scripts/setup). */
export const DOCKER_CLI = process.env.LAYERLAB_DOCKER_CLI ?? '/usr/bin/docker';
export const hasDockerCli = () => existsSync(DOCKER_CLI);

const DOCKERFILE = [
  'FROM layerlab/busybox',
  'COPY . /ctx',
  // Folders first (D), then files (F), one per line, relative to the context root.
  'RUN cd /ctx && echo @@BEGIN && find . -mindepth 1 -type d | sed "s/^/D /" && find . -mindepth 1 -type f | sed "s/^/F /" && echo @@END',
  '',
].join('\n');

export async function clientSends(c: Pick<DockerignoreCase, 'dockerignore' | 'files' | 'emptyDirs'>): Promise<string[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'layerlab-dockerignore-'));
  try {
    for (const f of c.files) {
      mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      writeFileSync(path.join(dir, f), `${f}\n`);
    }
    for (const d of c.emptyDirs ?? []) mkdirSync(path.join(dir, d), { recursive: true });
    writeFileSync(path.join(dir, 'Dockerfile'), DOCKERFILE);
    writeFileSync(path.join(dir, '.dockerignore'), c.dockerignore);
    const { stdout } = await run(DOCKER_CLI, ['-H', `unix://${dockerSocketPath()}`, 'build', '--network', 'none', '--rm', '--force-rm', dir], {
      env: { ...process.env, DOCKER_BUILDKIT: '0' },
      maxBuffer: 16 * 1024 * 1024,
    });
    const id = /Successfully built ([0-9a-f]+)/.exec(stdout)?.[1];
    if (id) await run(DOCKER_CLI, ['-H', `unix://${dockerSocketPath()}`, 'rmi', id]).catch(() => undefined);
    // The step header quotes the markers too: take the RUN's own output lines.
    const body = /^@@BEGIN\n([\s\S]*?)^@@END$/m.exec(stdout)?.[1];
    if (body === undefined) throw new Error(`no listing in the build output:\n${stdout.slice(-2000)}`);
    const dirs: string[] = [];
    const files: string[] = [];
    for (const line of body.split('\n')) {
      const m = /^([DF]) \.\/(.*)$/.exec(line);
      if (m) (m[1] === 'D' ? dirs : files).push(m[2]);
    }
    const all = [...dirs, ...files];
    const empty = dirs.filter((d) => !all.some((p) => p.startsWith(`${d}/`)));
    return [...files.filter((f) => f !== 'Dockerfile' && f !== '.dockerignore'), ...empty.map((d) => `${d}/`)].sort();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
