import { describe, expect, it } from 'vitest';
import type { Lab } from '../labs';
import { parseDockerfile } from '../../lib/dockerfile/parse';
import { sourceCopies } from '../report/feedback';
import { checkKinds, runCheckEntry } from './registry';
import type { BuildRecord, CheckContext, ImageDriver, StepRecord } from './types';

const BAD = `FROM layerlab/node:18
WORKDIR /app

# everything first
COPY . .
RUN npm install
EXPOSE 3000
CMD ["npm", "start"]
`;

function steps(df: string, cached: Record<number, boolean>): StepRecord[] {
  return parseDockerfile(df).instructions.map((i) => ({
    n: i.n, keyword: i.keyword, instruction: i.text, line: i.startLine, stage: i.stage, cached: cached[i.n] ?? true, verified: true,
  }));
}

function ctxFor(df: string, builds: BuildRecord[], driver?: Partial<ImageDriver>): CheckContext {
  return {
    lab: {} as Lab,
    builds: new Map(builds.map((b) => [b.name, b])),
    dockerfile: parseDockerfile(df),
    driver: { workingDir: async () => '/app', pathExists: async () => true, run: async () => { throw new Error('no'); }, ...driver },
    runTimeoutSeconds: 20,
    memoryMb: 512,
  };
}

const rec = (name: string, st: StepRecord[], changedFiles: string[], ok = true): BuildRecord => ({ name, ok, skipped: false, durationMs: 1, steps: st, changedFiles, imageId: 'sha256:x' });

describe('registry', () => {
  it('lists each kind once, every one complete (description, help, run)', () => {
    const names = checkKinds.map((k) => k.kind);
    expect(new Set(names).size).toBe(names.length);
    for (const k of checkKinds) {
      expect(k.description.length, k.kind).toBeGreaterThan(10);
      expect(k.help.why && k.help.fix, k.kind).toBeTruthy();
      expect(typeof k.run, k.kind).toBe('function');
      expect(k.entrySchema.shape.kind.value).toBe(k.kind);
    }
  });
});

describe('cache check feedback', () => {
  const check = { kind: 'cache' as const, id: 'c', title: 'c', points: 40, build: 'source-edit', step: { instruction: 'RUN' as const, program: 'npm', subcommand: ['install', 'i', 'ci'] }, cached: true, stepLabel: 'dependency install', hint: 'Copy package*.json first, run npm install, then copy src/.' };

  it('names the COPY that invalidated the install, with lines and the fix', async () => {
    const b = rec('source-edit', steps(BAD, { 3: false, 4: false, 5: false, 6: false }), ['src/app.js']);
    const out = await runCheckEntry(ctxFor(BAD, [b]), check);
    expect(out.passed).toBe(false);
    expect(out.feedback).toContain('Line 5 `COPY . .` copies src/app.js before line 6 `RUN npm install`, so editing src/app.js invalidates the dependency install layer');
    expect(out.feedback).toContain('Copy package*.json first');
  });

  it('passes when the install came from the cache', async () => {
    const b = rec('source-edit', steps(BAD, { 5: false, 6: false }), ['src/app.js']);
    expect((await runCheckEntry(ctxFor(BAD, [b]), check)).passed).toBe(true);
  });

  it('explains a reused install after a dependency change', async () => {
    const df = 'FROM layerlab/node:18\nWORKDIR /app\nRUN npm install express lodash\nCOPY . .\nCMD ["npm","start"]\n';
    const b = rec('dep-edit', steps(df, { 4: false, 5: false }), ['package.json']);
    const out = await runCheckEntry(ctxFor(df, [b]), { ...check, build: 'dep-edit', cached: false, hint: undefined });
    expect(out.passed).toBe(false);
    expect(out.feedback).toMatch(/line 3 `RUN npm install express lodash` came from the cache.*No COPY before it copies package\.json/);
  });

  it('names a COPY rebuilt by its own files, and the edited files .dockerignore kept from the engine', async () => {
    const df = 'FROM layerlab/node:18\nWORKDIR /app\nCOPY package*.json ./\nRUN npm install\nCOPY . .\nCMD ["npm", "start"]\n';
    const lab = { builds: [{ name: 'initial' }, { name: 'log-edit', edits: [
      { kind: 'replace', file: 'npm-debug.log', content: 'x' },
      { kind: 'replace', file: '.git/HEAD', content: 'ref: x' },
      { kind: 'append', file: 'logs/app-1.log', content: 'y' },
    ] }] } as unknown as Lab;
    const context = { sent: [], files: 0, bytes: 0, ignored: ['.git/HEAD', 'logs/app-1.log', 'logs/app-2.log', 'node_modules/x.js'] };
    const copies = { ...check, build: 'log-edit', step: { instruction: 'COPY' as const }, stepLabel: undefined, hint: undefined };
    // npm-debug.log was sent and changed: `COPY . .` itself missed the cache.
    const missed = { ...rec('log-edit', steps(df, { 5: false, 6: false }), ['npm-debug.log']), context };
    const out = await runCheckEntry({ ...ctxFor(df, [missed]), lab }, copies);
    expect(out.passed).toBe(false);
    expect(out.feedback).toBe(
      'In build `log-edit` (after changing npm-debug.log; the edited .git/HEAD and logs/app-1.log never reached the engine: your .dockerignore leaves them out), line 5 `COPY . .` ran again instead of coming from the cache. It copies npm-debug.log, which changed since the previous build, so its own cache key (the checksum of every file it copies) changed: it ran again, and so did every step after it.',
    );
    expect(out.help?.fix).toMatch(/\.dockerignore/);
    // Every changed file left out: every COPY came from the cache, all of them named.
    const kept = { ...rec('log-edit', steps(df, {}), []), context };
    const ok = await runCheckEntry({ ...ctxFor(df, [kept]), lab }, copies);
    expect(ok).toMatchObject({ passed: true, feedback: 'In build `log-edit` (the edited .git/HEAD and logs/app-1.log never reached the engine: your .dockerignore leaves them out), line 3 `COPY package*.json ./` and line 5 `COPY . .` came from the cache, as they should.' });
    // An install rebuilt by an earlier COPY is the ordering case: no .dockerignore advice.
    const order = await runCheckEntry(ctxFor(BAD, [rec('source-edit', steps(BAD, { 3: false, 4: false, 5: false, 6: false }), ['src/app.js'])]), check);
    expect(order.help).toBeUndefined();
  });

  it('fails rather than trust an unverified step', async () => {
    const st = steps(BAD, {}).map((s) => (s.n === 4 ? { ...s, verified: false } : s));
    const out = await runCheckEntry(ctxFor(BAD, [rec('source-edit', st, ['src/app.js'])]), check);
    expect(out.passed).toBe(false);
    expect(out.feedback).toMatch(/could not be confirmed/);
  });

  it('says so when there is no install step at all', async () => {
    const df = 'FROM layerlab/node:18\nCOPY . .\n';
    const out = await runCheckEntry(ctxFor(df, [rec('source-edit', steps(df, {}), [])]), check);
    expect(out.feedback).toMatch(/has no dependency install step/);
  });
});

describe('file and run checks', () => {
  it('resolves relative paths against WORKDIR', async () => {
    const seen: string[] = [];
    const ctx = ctxFor(BAD, [rec('dep-edit', [], [])], { pathExists: async (_i, p) => { seen.push(p); return false; } });
    const out = await runCheckEntry(ctx, { kind: 'file', id: 'f', title: 'f', points: 10, build: 'dep-edit', path: 'node_modules/dayjs/package.json', present: true });
    expect(seen).toEqual(['/app/node_modules/dayjs/package.json']);
    expect(out.passed).toBe(false);
    expect(out.feedback).toMatch(/is missing from the image of build `dep-edit`/);
  });

  it('reports exit code, missing output, the key error line and timeouts', async () => {
    const base = { kind: 'run' as const, id: 'r', title: 'r', points: 10, build: 'dep-edit', stdoutContains: 'app ready', exitCode: 0 };
    const fail = ctxFor(BAD, [rec('dep-edit', [], [])], {
      run: async () => ({ exitCode: 1, stdout: '> start\n', stderr: "node:internal\nError: Cannot find module 'express'\n    at x\n", timedOut: false, oomKilled: false, durationMs: 5 }),
    });
    const out = await runCheckEntry(fail, base);
    expect(out.passed).toBe(false);
    expect(out.feedback).toMatch(/exited with code 1 \(expected 0\); its output does not contain "app ready"/);
    expect(out.feedback).toContain("Error: Cannot find module 'express'");
    const slow = ctxFor(BAD, [rec('dep-edit', [], [])], { run: async () => ({ exitCode: 137, stdout: '', stderr: '', timedOut: true, oomKilled: false, durationMs: 20_000 }) });
    expect((await runCheckEntry(slow, base)).feedback).toMatch(/did not exit within 20 s/);
    const ok = ctxFor(BAD, [rec('dep-edit', [], [])], { run: async () => ({ exitCode: 0, stdout: 'cache-test app ready\n', stderr: '', timedOut: false, oomKilled: false, durationMs: 5 }) });
    expect((await runCheckEntry(ok, base)).passed).toBe(true);
  });

  it('build check names the failing line', async () => {
    const failed: BuildRecord = {
      ...rec('initial', [], [], false),
      error: "The command '/bin/sh -c npm instal' returned a non-zero code: 1",
      failedStep: { n: 4, keyword: 'RUN', instruction: 'RUN npm instal', line: 4, stage: 0, cached: false, verified: true, output: 'Unknown command: "instal"\n' },
    };
    const out = await runCheckEntry(ctxFor(BAD, [failed]), { kind: 'build', id: 'b', title: 'b', points: 20 });
    expect(out.feedback).toMatch(/^Build `initial` failed at line 4 `RUN npm instal`: The command .* returned a non-zero code: 1\nLast output:\nUnknown command/);
  });
});

describe('sourceCopies (COPY source matching)', () => {
  it('follows the classic builder\'s rules', () => {
    expect(sourceCopies('.', 'src/app.js')).toBe(true);
    expect(sourceCopies('./', 'package.json')).toBe(true);
    expect(sourceCopies('src/', 'src/app.js')).toBe(true);
    expect(sourceCopies('src', 'src/app.js')).toBe(true);
    expect(sourceCopies('src/', 'package.json')).toBe(false);
    expect(sourceCopies('package*.json', 'package.json')).toBe(true);
    expect(sourceCopies('package*.json', 'package-lock.json')).toBe(true);
    expect(sourceCopies('package*.json', 'src/package.json')).toBe(false);
    expect(sourceCopies('sr?/*.js', 'src/app.js')).toBe(true);
    expect(sourceCopies('[a-r]*', 'src/app.js')).toBe(false);
  });
});
