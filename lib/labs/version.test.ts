import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { labVersion, shortLabVersion } from './version';

let root: string;
const put = (rel: string, text: string) => {
  const p = path.join(root, 'demo', rel);
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, text);
};
const v = () => labVersion('demo', { labsDir: root });

describe('labVersion', () => {
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'labver-'));
    put('lab.yaml', 'id: demo\n');
    put('starter/app.js', 'console.log(1)\n');
    put('solution/Dockerfile', 'FROM layerlab/node:18\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('is a stable sha256 of the folder', async () => {
    const a = await v();
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(await v()).toBe(a);
    expect(shortLabVersion(a)).toBe(a.slice(0, 12));
    expect(shortLabVersion(null)).toBe('unknown');
  });

  it('changes with any grading input: lab.yaml, a starter file, a new file, a renamed file', async () => {
    const seen = new Set([await v()]);
    put('lab.yaml', 'id: demo\n# edited\n');
    seen.add(await v());
    put('starter/app.js', 'console.log(2)\n');
    seen.add(await v());
    put('reference/Dockerfile.big', 'FROM layerlab/node:18\n');
    seen.add(await v());
    rmSync(path.join(root, 'demo/starter/app.js'));
    put('starter/app2.js', 'console.log(2)\n');
    seen.add(await v());
    expect(seen.size).toBe(5);
  });

  it('ignores wrong/, variants/ and task.md (never read when grading); a symlink counts by its target text', async () => {
    const before = await v();
    put('wrong/case/Dockerfile', 'FROM x\n');
    put('variants/case/Dockerfile', 'FROM y\n');
    put('task.md', '# Task\n');
    expect(await v()).toBe(before);
    symlinkSync('/etc/passwd', path.join(root, 'demo/starter/link'));
    const linked = await v();
    expect(linked).not.toBe(before);
  });

  it('refuses a malformed id; a missing lab is an fs error', async () => {
    await expect(labVersion('../etc', { labsDir: root })).rejects.toThrow(/invalid lab id/);
    await expect(labVersion('nope', { labsDir: root })).rejects.toThrow(/ENOENT/);
  });
});
