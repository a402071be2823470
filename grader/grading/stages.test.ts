/**
 * The analyse, evaluate and report stages over a fake engine (fake-engine.ts), on the cache-order lab.
 */
import { describe, expect, it } from 'vitest';
import { GradeReportSchema } from '../../lib/grading/report';
import type { BuildRecord, StepRecord } from '../checks/types';
import type { ImageModel } from '../inspect/image-archive';
import { loadLab } from '../labs';
import { parseDockerfile } from '../../lib/dockerfile/parse';
import { analyseBuilds } from './analyse';
import { evaluateChecks, shortReason } from './evaluate';
import { fakeSession } from './fake-engine';
import { preflight, type GradePlan } from './preflight';
import { gradeReport, refusedReport, reportBuild } from './report';
import type { GradeEvent } from './types';
import { reportLayers } from '../report/enrich';
import { checksReadImages } from '../checks/registry';

const DOCKERFILE = 'FROM layerlab/node:18\nWORKDIR /app\nCOPY package*.json ./\nRUN npm install\nCOPY src/ ./src/\nCMD ["npm", "start"]\n';
const step = (n: number, keyword: string, instruction: string, cached: boolean): StepRecord => ({ n, keyword, instruction, line: n, stage: 0, cached, verified: true, durationMs: 10, sizeBytes: 100 });

function records(sourceEditInstallCached: boolean, failInitial = false): Map<string, BuildRecord> {
  const steps = (installCached: boolean) => [step(1, 'FROM', 'FROM layerlab/node:18', true), step(2, 'WORKDIR', 'WORKDIR /app', true), step(3, 'COPY', 'COPY package*.json ./', installCached), step(4, 'RUN', 'RUN npm install', installCached), step(5, 'COPY', 'COPY src/ ./src/', false), step(6, 'CMD', 'CMD ["npm", "start"]', false)];
  const out = new Map<string, BuildRecord>();
  out.set('initial', failInitial
    ? { name: 'initial', ok: false, skipped: false, durationMs: 5, error: 'The command \'/bin/sh -c npm install\' returned a non-zero code: 1', steps: steps(false).slice(0, 4), failedStep: { ...step(4, 'RUN', 'RUN npm install', false), output: 'npm ERR! boom' }, changedFiles: [] }
    : { name: 'initial', ok: true, skipped: false, durationMs: 5, imageId: 'sha256:i1', steps: steps(false), changedFiles: [] });
  for (const [name, cached, changed] of [['source-edit', sourceEditInstallCached, 'src/app.js'], ['dep-edit', false, 'package.json']] as const) {
    out.set(name, failInitial
      ? { name, ok: false, skipped: true, blockedBy: 'initial', durationMs: 0, error: 'not attempted because build `initial` failed', steps: [], changedFiles: [changed] }
      : { name, ok: true, skipped: false, durationMs: 5, imageId: `sha256:${name}`, steps: steps(cached), changedFiles: [changed] });
  }
  return out;
}

async function plan(): Promise<GradePlan> {
  const r = preflight(await loadLab('cache-order'), { files: { Dockerfile: DOCKERFILE } });
  if (!r.ok) throw new Error(r.reason);
  return r.plan;
}

const EMPTY_MODEL: ImageModel = { layers: [], history: [], config: { env: [], labels: {}, exposedPorts: [], cmd: null, entrypoint: null, user: '', workingDir: '' } } as unknown as ImageModel;

describe('analyse stage', () => {
  it('gives the checks one context and one image analysis per image, and diffs consecutive builds', async () => {
    const { session, record } = fakeSession({ model: EMPTY_MODEL });
    const { ctx, cacheDiffs, readFinalImages } = analyseBuilds(session, await plan(), records(false));
    expect(ctx.nonce).toBe('g2test');
    expect(ctx.memoryMb).toBe(512);
    const [a, b] = await Promise.all([ctx.imageAnalysis!('sha256:i1'), ctx.imageAnalysis!('sha256:i1')]);
    expect(a).toBe(b);
    expect(a.waste.totalBytes).toBe(0);
    // No cache-order check reads images: nothing more is read until the caller asks (after the score),
    // then every other successful build's image, once each (one by one without a batch reader).
    expect(record.imageModelReads).toEqual(['sha256:i1']);
    readFinalImages();
    readFinalImages();
    expect(record.imageModelReads).toEqual(['sha256:i1', 'sha256:source-edit', 'sha256:dep-edit']);
    expect(cacheDiffs.map((d) => [d.build, d.firstMiss?.instruction])).toEqual([['source-edit', 'COPY package*.json ./'], ['dep-edit', 'COPY package*.json ./']]);
    await session.close();
  });
});

describe('layer explorer (report stage)', () => {
  it('covers every successful build, in lab order, from ONE read of all their images', async () => {
    const { session, record } = fakeSession({ model: EMPTY_MODEL, batch: true });
    const p = await plan();
    const { ctx, readFinalImages } = analyseBuilds(session, p, records(false));
    expect(record.imageModelsReads).toEqual([]); // no check of cache-order reads images: not before the score
    readFinalImages();
    expect(record.imageModelsReads).toEqual([['sha256:i1', 'sha256:source-edit', 'sha256:dep-edit']]);
    await ctx.imageAnalysis!('sha256:i1'); // a check reads build `initial`: from the same read
    const layers = await reportLayers(p.lab, ctx);
    expect(layers?.map((b) => b.build)).toEqual(['initial', 'source-edit', 'dep-edit']);
    expect(record.imageModelsReads).toHaveLength(1);
    expect(record.imageModelReads).toEqual([]);
    await session.close();
  });

  it('is read as the checks start only in labs whose checks read images (layers, waste, a secret in file contents)', async () => {
    expect(checksReadImages((await loadLab('cache-order')).checks)).toBe(false);
    expect(checksReadImages((await loadLab('combine-run')).checks)).toBe(true);
    expect(checksReadImages((await loadLab('no-secret')).checks)).toBe(true);
  });

  it('leaves out the builds that failed', async () => {
    const { session, record } = fakeSession({ model: EMPTY_MODEL, batch: true });
    const p = await plan();
    const { ctx, readFinalImages } = analyseBuilds(session, p, records(false, true));
    readFinalImages();
    expect(record.imageModelsReads).toEqual([]);
    expect(await reportLayers(p.lab, ctx)).toEqual([]);
    await session.close();
  });

  it('is absent without an image reader', async () => {
    const { session } = fakeSession();
    const p = await plan();
    const { ctx } = analyseBuilds(session, p, records(false));
    expect(await reportLayers(p.lab, ctx)).toBeUndefined();
    await session.close();
  });
});

describe('evaluate stage', () => {
  it('runs each check in lab order and scores 0 with the reason the checks whose build failed', async () => {
    const { session } = fakeSession();
    const { ctx } = analyseBuilds(session, await plan(), records(true, true));
    const events: GradeEvent[] = [];
    const ran: string[] = [];
    const out = await evaluateChecks(ctx, (e) => events.push(e), () => {}, async (_ctx, check) => {
      ran.push(check.id);
      return { passed: check.kind === 'build', feedback: 'ran' };
    });
    expect(out.map((e) => e.check.id)).toEqual(ctx.lab.checks.map((c) => c.id));
    expect(ran).toEqual(['builds']); // the build check explains the failure; the others need a failed build
    expect(out[1].outcome.feedback).toMatch(/at line 4/);
    expect(events.map((e) => e.type)).toEqual(ctx.lab.checks.map(() => 'check'));
    await session.close();
  });

  it('scores 0 without running it a check whose required earlier check failed, naming that check', async () => {
    const { session } = fakeSession();
    const p = await plan();
    const [first, ...rest] = p.lab.checks;
    const lab = { ...p.lab, checks: [first, ...rest.map((c) => ({ ...c, requires: [first.id] }))] };
    const { ctx } = analyseBuilds(session, { ...p, lab }, records(true));
    const ran: string[] = [];
    const out = await evaluateChecks(ctx, () => {}, () => {}, async (_ctx, check) => {
      ran.push(check.id);
      return { passed: false, feedback: 'ran and failed' };
    });
    expect(ran).toEqual([first.id]);
    expect(out.slice(1).map((e) => e.outcome)).toEqual(rest.map(() => ({ passed: false, feedback: expect.stringMatching(new RegExp(`^Not evaluated because check \`${first.id}\` \\(${first.title.replace(/[()]/g, '\\$&')}\\) did not pass`)) })));
    await session.close();
  });

  it('stops when the grade is cancelled, and shortens a long failure to one line', async () => {
    const { session } = fakeSession();
    const { ctx } = analyseBuilds(session, await plan(), records(true));
    await expect(evaluateChecks(ctx, () => {}, () => { throw new Error('cancelled'); })).rejects.toThrow('cancelled');
    const long = { ...records(true, true).get('initial')!, error: `x${'y'.repeat(400)}\nsecond line` };
    expect(shortReason(long)).toMatch(/^at line 4: xy+…$/);
    expect(shortReason(long).length).toBeLessThan(180);
    await session.close();
  });
});

describe('report stage', () => {
  it('assembles a report the contract accepts, with help for failing checks', async () => {
    const p = await plan();
    const recs = records(false);
    const { session } = fakeSession();
    const { ctx, cacheDiffs } = analyseBuilds(session, p, recs);
    const checks = ctx.lab.checks.map((check) => ({ check, outcome: { passed: check.id !== 'source-edit-keeps-install-cached', feedback: 'f' } }));
    const r = gradeReport({ lab: p.lab, parsed: p.parsed, records: recs, checks, cacheDiffs, log: 'log', gradeId: 'g2test' });
    expect(GradeReportSchema.safeParse(r).success).toBe(true);
    expect(r.score).toBe(r.maxScore - 40);
    expect(r.checks.find((c) => !c.passed)?.help?.why).toContain('COPY package*.json ./');
    expect(r.builds.map((b) => b.steps.length)).toEqual([6, 6, 6]);
    await session.close();
  });

  it('marks the stage, whether it ships and the failed step of a multi-stage build', () => {
    const parsed = parseDockerfile('FROM layerlab/node:18 AS deps\nRUN npm install\nFROM layerlab/busybox\nCOPY --from=deps /x /x\n');
    const b: BuildRecord = {
      name: 'initial', ok: false, skipped: false, durationMs: 1, error: 'COPY failed: no source files were specified', changedFiles: [],
      steps: [{ ...step(1, 'FROM', 'FROM layerlab/node:18 AS deps', true) }, { ...step(2, 'RUN', 'RUN npm install', false) }, { ...step(3, 'FROM', 'FROM layerlab/busybox', true), stage: 1 }, { ...step(4, 'COPY', 'COPY --from=deps /x /x', false), stage: 1 }],
      failedStep: { ...step(4, 'COPY', 'COPY --from=deps /x /x', false), stage: 1, output: '' },
    };
    const out = reportBuild(b, parsed);
    expect(out.steps.map((s) => [s.stage, s.ships, s.failed ?? false])).toEqual([['deps', false, false], ['deps', false, false], ['stage 2', true, false], ['stage 2', true, true]]);
    expect(out.error).toBeDefined();
  });

  it('a refused submission scores 0 on every check, with the reason on the build check', async () => {
    const lab = await loadLab('cache-order');
    const events: GradeEvent[] = [];
    const r = refusedReport(lab, 'Refused before building: no.', (e) => events.push(e));
    expect(GradeReportSchema.safeParse(r).success).toBe(true);
    expect(r.score).toBe(0);
    expect(r.checks[0].feedback).toBe('Refused before building: no.');
    expect(r.checks[1].feedback).toMatch(/^Not evaluated: the submission was refused before any build/);
    expect(events.length).toBe(lab.checks.length);
  });
});
