/** Pure parts of the check kinds image-size, secret, context and metadata (no engine). */
import { describe, expect, it } from 'vitest';
import { LabSchema, type Lab } from '../labs';
import { generateFiles } from '../../lib/labs/generate';
import { applyEdits } from '../context';
import { buildkitOnlyUses, syntaxDirectiveNote } from '../dockerfile/buildkit';
import { parseDockerfile } from '../../lib/dockerfile/parse';
import { checkImagePolicy } from '../dockerfile/policy';
import type { ImageModel } from '../inspect/image-archive';
import { gradeSecret, sha256Hex, substituteSecret } from '../secret';
import { contextBreakdown, contextProblems, underExcluded } from './context';
import { finalBaseImage } from './final-stage';
import { judgeSize } from './image-size';
import { metadataProblems } from './metadata';
import { runCheckEntry } from './registry';
import { layerLeaks, metadataLeaks } from './secret';
import { NeedleScanner } from '../inspect/content-search';
import type { BuildRecord, CheckContext, ImageInfo } from './types';

const info = (over: Partial<ImageInfo> = {}): ImageInfo => ({
  id: 'sha256:x', size: 1, user: '', workingDir: '/app', cmd: ['npm', 'start'], entrypoint: null, env: ['PATH=/usr/bin', 'NODE_ENV=production'], exposedPorts: ['3000/tcp'], labels: {}, layers: [], ...over,
});

describe('image-size: judgeSize', () => {
  it('compares with an absolute limit and a reference, naming both sizes', () => {
    const v = judgeSize({ measured: 3_000_000, what: 'The final image adds', reference: { bytes: 30_000_000, maxPercent: 40, label: 'the single-stage build' } });
    expect(v).toEqual({ passed: true, summary: "The final image adds 3.00 MB: 10% of the single-stage build's 30.0 MB (at most 40% allowed)" });
    expect(judgeSize({ measured: 29_000_000, what: 'x', reference: { bytes: 28_000_000, maxPercent: 40, label: 'r' } }).passed).toBe(false);
    expect(judgeSize({ measured: 5e6, what: 'The final image is', maxBytes: 4e6 })).toEqual({ passed: false, summary: 'The final image is 5.00 MB (at most 4.00 MB allowed)' });
  });

  it('never divides by zero: a reference that adds nothing', () => {
    expect(judgeSize({ measured: 0, what: 'x', reference: { bytes: 0, maxPercent: 40, label: 'r' } }).passed).toBe(true);
    const v = judgeSize({ measured: 10, what: 'x', reference: { bytes: 0, maxPercent: 40, label: 'r' } });
    expect(v.passed).toBe(false);
    expect(v.summary).toContain('more than');
  });

  it('finds the external base of the final stage through stage names', () => {
    expect(finalBaseImage(parseDockerfile('FROM layerlab/node:18 AS a\nRUN x\nFROM a AS b\nFROM b\n'))).toBe('layerlab/node:18');
    expect(finalBaseImage(parseDockerfile('ARG V=18\nFROM layerlab/node:${V}\n'))).toBe('layerlab/node:18');
  });
});

describe('metadata', () => {
  const df = parseDockerfile('FROM layerlab/node:18\nWORKDIR /srv\nCMD npm start\n');
  it('passes when the given fields match, whatever else is set', () => {
    expect(metadataProblems(info(), { build: 'b', workdir: '/app', cmd: ['npm', 'start'], exposedPorts: [3000], env: { NODE_ENV: 'production' }, entrypoint: null }, df)).toEqual([]);
  });
  it('reports expected vs actual with the Dockerfile line, and explains shell-form CMD', () => {
    const p = metadataProblems(info({ workingDir: '/srv', cmd: ['/bin/sh', '-c', 'npm start'], exposedPorts: [], env: [] }), { build: 'b', workdir: '/app', cmd: ['npm', 'start'], exposedPorts: ['3000'], env: { NODE_ENV: 'production' }, nonRoot: true }, df);
    expect(p).toEqual([
      'USER: the image runs as root (no USER instruction); add a USER with an unprivileged account in the final stage.',
      'WORKDIR: expected "/app", actual "/srv" (line 2 `WORKDIR /srv`).',
      'CMD: expected ["npm","start"], actual ["/bin/sh","-c","npm start"] (line 3 `CMD npm start`). Your CMD is in shell form (run through /bin/sh -c); write it in exec form: CMD ["npm","start"].',
      'EXPOSE: 3000/tcp not exposed (exposed: none); add `EXPOSE 3000`.',
      'ENV NODE_ENV: expected "production", actual (not set); add `ENV NODE_ENV=production` to the final stage.',
    ]);
    expect(metadataProblems(info({ user: '1000' }), { build: 'b', nonRoot: true, user: 'node' }, df)).toEqual(['USER: expected "node", actual "1000" (the final stage has no USER).']);
  });
});

describe('context', () => {
  const summary = {
    sent: [
      { path: 'Dockerfile', bytes: 100 }, { path: 'src/a.js', bytes: 300 }, { path: '.env', bytes: 50 },
      { path: 'node_modules/x/a.js', bytes: 2_000_000 }, { path: 'node_modules/y.js', bytes: 1_000_000 },
    ],
    ignored: [], files: 5, bytes: 3_000_450,
  };
  it('matches excluded entries as files or folders', () => {
    expect(underExcluded('node_modules/x/a.js', 'node_modules/')).toBe(true);
    expect(underExcluded('node_modules', 'node_modules/')).toBe(true);
    expect(underExcluded('node_modules2/a', 'node_modules/')).toBe(false);
    expect(underExcluded('.env', '.env')).toBe(true);
    expect(underExcluded('.envrc', '.env')).toBe(false);
  });
  it('breaks the context down by top-level entry, largest first', () => {
    expect(contextBreakdown(summary.sent)[0]).toEqual({ entry: 'node_modules/', bytes: 3_000_000, files: 2 });
  });
  it('reports size, file count and excluded paths that were sent', () => {
    expect(contextProblems(summary, { maxBytes: 100_000, maxFiles: 3, excluded: ['node_modules/', '.env', '.git/'] })).toEqual([
      'The context sent to the engine was 3.00 MB in 5 files; at most 100 kB is needed. Largest parts: `node_modules/` 3.00 MB (2 files), `src/` 300 B (1 file), `Dockerfile` 100 B (1 file), `.env` 50 B (1 file).',
      'The context held 5 files; at most 3 are needed.',
      'These were sent to the engine but must not be: `node_modules/` (2 files, 3.00 MB), `.env` (1 file, 50 B). List them in .dockerignore (e.g. `node_modules`, `.env`).',
    ]);
    expect(contextProblems({ ...summary, sent: summary.sent.slice(0, 2), bytes: 400, files: 2 }, { maxBytes: 1000, excluded: ['.env'] })).toEqual([]);
  });
});

describe('secret', () => {
  it('is fresh per grade, stable within one, and not the nonce', () => {
    expect(gradeSecret('a')).toBe(gradeSecret('a'));
    expect(gradeSecret('a')).not.toBe(gradeSecret('b'));
    expect(gradeSecret('abc')).not.toContain('abc');
    expect(substituteSecret('t={{secret}} h={{ secret_sha256 }}', 'n')).toBe(`t=${gradeSecret('n')} h=${sha256Hex(gradeSecret('n'))}`);
    const ctx = applyEdits(new Map(), [{ kind: 'replace', file: '.token', content: '{{secret}}\n' }, { kind: 'replace', file: 'n', content: '{{nonce}}' }], 'n1');
    expect(ctx.get('.token')).toBe(`${gradeSecret('n1')}\n`);
    expect(ctx.get('n')).toBe('n1');
  });

  it('finds the needle across chunk boundaries, once per file', () => {
    const s = new NeedleScanner('SECRET');
    s.push('l1', '/a', Buffer.from('xxSEC'));
    s.push('l1', '/a', Buffer.from('RETyy SECRET'));
    s.push('l1', '/b', Buffer.from('SE'));
    s.push('l2', '/b', Buffer.from('CRET')); // another file: no match across files
    s.push('l2', '/c', Buffer.from('..SECRET..'));
    expect(s.hits).toEqual([{ layer: 'l1', path: '/a' }, { layer: 'l2', path: '/c' }]);
    expect(s.filesScanned).toBe(4);
  });

  const model: ImageModel = {
    history: [
      { index: 0, createdBy: '', emptyLayer: false, layerIndex: 0 },
      { index: 1, createdBy: '/bin/sh -c #(nop) COPY dir:abc in .', emptyLayer: false, layerIndex: 1 },
      { index: 2, createdBy: '|1 TOKEN=s3cr3t /bin/sh -c rm /app/.token', emptyLayer: false, layerIndex: 2 },
      { index: 3, createdBy: '/bin/sh -c #(nop)  ENV T=s3cr3t', emptyLayer: true },
    ],
    layers: [
      { index: 0, historyIndex: 0, source: 'base/layer.tar', files: [{ path: '/bin/sh', size: 10, type: 'file', mode: 0o755 }], whiteouts: [], size: 10 },
      { index: 1, historyIndex: 1, source: 'l1/layer.tar', files: [{ path: '/app/.token', size: 6, type: 'file', mode: 0o644 }], whiteouts: [], size: 6 },
      { index: 2, historyIndex: 2, source: 'l2/layer.tar', files: [], whiteouts: [{ path: '/app/.token', opaque: false }], size: 0 },
    ],
    config: { env: ['PATH=/bin', 'T=s3cr3t'], labels: { token: 's3cr3t', ok: 'x' }, exposedPorts: [], raw: {} },
    repoTags: [],
  };
  const steps = [
    { n: 2, keyword: 'COPY', instruction: 'COPY . .', line: 3 },
    { n: 3, keyword: 'RUN', instruction: 'RUN rm /app/.token', line: 5 },
    { n: 4, keyword: 'ENV', instruction: 'ENV T=$TOKEN', line: 6 },
  ];
  const attribution = [undefined, steps[0], steps[1], steps[2]];

  it('names the file, the layer, the line that added it and the line that deleted it', () => {
    expect(layerLeaks(model, [{ layer: 'l1/layer.tar', path: '/app/.token' }], attribution)).toEqual([
      {
        where: 'layer',
        text: 'in the file `/app/.token` of layer 2/3, created by line 3 `COPY . .`. It was deleted later by line 5 `RUN rm /app/.token`, but that only hides it: its bytes stay in the layer that added it, and `docker save` gives them to anyone who has the image.',
      },
    ]);
  });

  it('finds it in the history (ARG), Env and Labels', () => {
    const found = metadataLeaks(model, 's3cr3t', attribution);
    expect(found.map((f) => f.where)).toEqual(['history', 'history', 'env', 'label']);
    expect(found[0].text).toContain('entry of line 5 `RUN rm /app/.token`. Build arguments (ARG) used by a RUN are recorded in its history entry.');
    expect(found[2].text).toContain('`T`');
    expect(found[3].text).toContain('`token`');
  });

  it('runs through the registry with a fake driver', async () => {
    const nonce = 'n0';
    const secret = gradeSecret(nonce);
    const build: BuildRecord = { name: 'initial', ok: true, skipped: false, durationMs: 1, imageId: 'img', changedFiles: [], steps: [] };
    const ctx = (files: Record<string, string>): CheckContext => ({
      lab: {} as Lab,
      builds: new Map([['initial', build]]),
      dockerfile: parseDockerfile('# syntax=docker/dockerfile:1\nFROM layerlab/node:18\n'),
      nonce,
      runTimeoutSeconds: 20,
      memoryMb: 512,
      driver: {
        workingDir: async () => '/',
        pathExists: async () => false,
        run: async () => { throw new Error('no'); },
        scanImageContents: async (_image, onChunk) => {
          for (const [p, c] of Object.entries(files)) await onChunk(p, Buffer.from(c), { layer: 'l0', file: { path: p, size: c.length, type: 'file', mode: 0o644 }, offset: 0 });
          return { history: [{ index: 0, createdBy: '', emptyLayer: false, layerIndex: 0 }], layers: [{ index: 0, source: 'l0', files: Object.keys(files).map((p) => ({ path: p, size: 1, type: 'file' as const, mode: 0o644 })), whiteouts: [], size: 1 }], config: { env: [], labels: {}, exposedPorts: [], raw: {} }, repoTags: [] };
        },
      },
    });
    const check = { kind: 'secret' as const, id: 's', title: 's', points: 50, build: 'initial', source: 'the token' };
    const clean = await runCheckEntry(ctx({ '/app/a.js': 'nothing here' }), check);
    expect(clean.passed).toBe(true);
    expect(clean.feedback).toMatch(/^The token \(a fresh random value for this grade\) appears nowhere.*\nNote: the `# syntax=docker\/dockerfile:1` directive/s);
    const leaked = await runCheckEntry(ctx({ '/app/t': `x${secret}y` }), check);
    expect(leaked.passed).toBe(false);
    expect(leaked.feedback).toContain('in the file `/app/t` of layer 1/1');
  });
});

describe('BuildKit-only syntax', () => {
  it('is refused before building, with the reason and the classic-builder alternative', () => {
    const df = parseDockerfile('# syntax=docker/dockerfile:1\nFROM layerlab/node:18\nRUN --mount=type=secret,id=t cat /run/secrets/t\nCOPY --chmod=755 a /a\nRUN --network=none true\n');
    const uses = buildkitOnlyUses(df);
    expect(uses.map((u) => [u.line, u.feature])).toEqual([[3, 'RUN --mount=type=secret,id=t'], [4, 'COPY --chmod'], [5, 'RUN --network']]);
    expect(uses[0].message).toMatch(/needs BuildKit\. The grader builds with Docker's classic builder.*memory, CPU and process limits.*multi-stage build/);
    expect(checkImagePolicy(df, ['layerlab/node:18']).map((v) => v.line)).toEqual([3, 4, 5]);
    expect(syntaxDirectiveNote(df)).toMatch(/classic builder ignores it/);
    expect(buildkitOnlyUses(parseDockerfile('FROM a\nRUN echo --mount\nCOPY --chown=1 a b\n'))).toEqual([]);
  });
});

describe('generate edit', () => {
  it('makes deterministic filler of the requested size and validates in lab.yaml', () => {
    const a = generateFiles({ dir: 'node_modules/.cache', count: 10, bytes: 100_000, name: 'chunk-{n}.js' });
    expect([...a.keys()][0]).toBe('node_modules/.cache/chunk-01.js');
    expect(a.size).toBe(10);
    const total = [...a.values()].reduce((s, c) => s + Buffer.byteLength(c), 0);
    expect(total).toBe(100_000);
    expect(generateFiles({ dir: 'node_modules/.cache', count: 10, bytes: 100_000, name: 'chunk-{n}.js' })).toEqual(a);
    const lab = {
      id: 'x', title: 'x', summary: 'x', allowedBaseImages: ['b'], submit: ['Dockerfile'],
      builds: [{ name: 'initial', edits: [{ kind: 'generate', dir: 'logs', count: 2, bytes: 10, name: 'app-{n}.log' }] }],
      checks: [
        { kind: 'context', id: 'c', title: 'c', points: 1, build: 'initial', maxBytes: 10, excluded: ['logs/'] },
        { kind: 'image-size', id: 's', title: 's', points: 1, build: 'initial', reference: { dockerfile: 'reference/Dockerfile', maxPercent: 40 } },
        { kind: 'secret', id: 't', title: 't', points: 1, build: 'initial' },
        { kind: 'metadata', id: 'm', title: 'm', points: 1, build: 'initial', exposedPorts: [3000, '53/udp'], env: { A: 'b' } },
      ],
    };
    expect(LabSchema.safeParse(lab).success).toBe(true);
    expect(LabSchema.safeParse({ ...lab, builds: [{ name: 'initial', edits: [{ kind: 'generate', dir: '../x', count: 1, bytes: 1 }] }] }).success).toBe(false);
    expect(LabSchema.safeParse({ ...lab, checks: [{ ...lab.checks[1], reference: { dockerfile: '/etc/passwd', maxPercent: 40 } }] }).success).toBe(false);
  });
});
