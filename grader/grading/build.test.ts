import { describe, expect, it } from 'vitest';
import type { StepRecord } from '../checks/types';
import type { BuildRequest } from '../engine/build';
import { InfrastructureError } from '../errors';
import { loadLab } from '../labs';
import { buildAll, capText, vanishedParent, type BuildDeps } from './build';
import { fakeOutcome, fakeSession } from './fake-engine';
import { preflight, type GradePlan } from './preflight';
import type { GradeEvent } from './types';

const DOCKERFILE = 'FROM layerlab/node:18\nWORKDIR /app\nCOPY . .\nRUN npm install\n';
const STEPS = ['FROM layerlab/node:18', 'WORKDIR /app', 'COPY . .', 'RUN npm install'];

async function plan(): Promise<GradePlan> {
  const r = preflight(await loadLab('cache-order'), { files: { Dockerfile: DOCKERFILE } });
  if (!r.ok) throw new Error(r.reason);
  return r.plan;
}

/** Fake engine calls: build `failAt` fails; each build `k` makes images `sha256:k-<n>` and `sha256:final-k`. */
function fakeDeps(o: { failAt?: number; historyFails?: boolean } = {}) {
  const requests: BuildRequest[] = [];
  const deps: BuildDeps = {
    existingImageIds: async () => new Set(['sha256:base']),
    runBuild: async (req) => {
      const k = requests.push(req);
      const ok = k !== o.failAt;
      // The output claims steps 2 and 4 were cached (4 falsely: a RUN can print "Using cache").
      const steps = STEPS.map((instruction, i) => ({ n: i + 1, instruction, imageId: i === 0 ? 'base' : `${k}${i + 1}`, cached: i === 1 || i === 3 }));
      for (const s of steps) req.onStep?.({ n: s.n, total: 4, instruction: s.instruction, cached: s.cached, output: '', imageId: s.imageId });
      return fakeOutcome({ ok, imageId: ok ? `sha256:final-${k}` : undefined, error: ok ? undefined : 'The command \'/bin/sh -c npm install\' returned a non-zero code: 1', steps: ok ? steps : steps.slice(0, 4), log: `log of build ${k}\n` });
    },
    verifiedSteps: async (_docker, _parsed, outcome) => {
      if (o.historyFails) throw new Error('history unavailable');
      const k = requests.length;
      const steps: StepRecord[] = outcome.stream.steps.map((s) => ({ n: s.n, keyword: s.instruction.split(' ')[0], instruction: s.instruction, line: s.n, stage: 0, cached: s.n <= 2, verified: true }));
      return { steps, stageImageIds: [`sha256:${k}-4`] };
    },
  };
  return { deps, requests };
}

describe('build stage (fake engine)', () => {
  it('builds every build in order, each after the first taking cache only from this grade\'s earlier images', async () => {
    const { session, record } = fakeSession();
    const { deps, requests } = fakeDeps();
    const events: GradeEvent[] = [];
    const built = await buildAll(session, await plan(), (e) => events.push(e), deps);
    expect(requests.map((r) => r.tag)).toEqual(['layerlab-grade-g2test:initial', 'layerlab-grade-g2test:source-edit', 'layerlab-grade-g2test:dep-edit']);
    expect(requests.map((r) => r.cacheFrom)).toEqual([[], ['sha256:1-4', 'sha256:final-1'], ['sha256:1-4', 'sha256:final-1', 'sha256:2-4', 'sha256:final-2']]);
    // The engine saw the nonce-stamped files and the Dockerfile as submitted.
    expect(requests[0].files.get('Dockerfile')).toBe(DOCKERFILE);
    expect(requests[0].files.get('package.json')).toContain('g2test');
    expect([...built.records.values()].map((r) => [r.name, r.ok, r.imageId])).toEqual([
      ['initial', true, 'sha256:final-1'],
      ['source-edit', true, 'sha256:final-2'],
      ['dep-edit', true, 'sha256:final-3'],
    ]);
    expect(built.records.get('source-edit')!.changedFiles).toEqual(['src/app.js']);
    expect(built.records.get('initial')!.context?.files).toBeGreaterThan(0);
    expect(built.log).toMatch(/^=== build initial \(ok, 500 ms\) ===\nlog of build 1\n/);
    // FROM is reported cached live; the image history's verdict corrects the live progress.
    const initial = events.filter((e) => e.type === 'step' && e.build === 'initial');
    expect(initial.map((e) => e.type === 'step' && [e.n, e.cached])).toEqual([[1, true], [2, true], [3, false], [4, true], [4, false]]);
    expect(events.filter((e) => e.type === 'build-end').length).toBe(3);
    // The step images (not the base's FROM id) are the session's to remove.
    await session.close();
    expect(record.removed!.intermediateIds).toEqual(['12', '13', '14', '22', '23', '24', '32', '33', '34']);
  });

  it('counts as changed only the edited files the build sends: .dockerignore\'s leftovers change no cache key', async () => {
    const lab = await loadLab('dockerignore');
    const dockerignore = 'node_modules\n.git\n.env\nlogs\ncoverage\n'; // no `*.log`: npm-debug.log is sent
    const r = preflight(lab, { files: { Dockerfile: DOCKERFILE, '.dockerignore': dockerignore } });
    if (!r.ok) throw new Error(r.reason);
    const { session } = fakeSession();
    const built = await buildAll(session, r.plan, () => {}, fakeDeps().deps);
    const logEdit = built.records.get('log-edit')!;
    expect(logEdit.changedFiles).toEqual(['npm-debug.log']);
    expect(logEdit.context?.ignored).toEqual(expect.arrayContaining(['.env', '.git/HEAD', 'logs/app-1.log', 'node_modules/.package-lock.json']));
    await session.close();
  });

  it('after a failed build, the later ones are not attempted and name it', async () => {
    const { session } = fakeSession();
    const { deps, requests } = fakeDeps({ failAt: 1 });
    const built = await buildAll(session, await plan(), () => {}, deps);
    expect(requests.length).toBe(1);
    const initial = built.records.get('initial')!;
    expect(initial.ok).toBe(false);
    expect(initial.failedStep).toMatchObject({ n: 4, instruction: 'RUN npm install' });
    expect(built.records.get('dep-edit')).toMatchObject({ ok: false, skipped: true, blockedBy: 'initial', error: 'not attempted because build `initial` failed' });
    await session.close();
  });

  it('a history the engine cannot give is the platform\'s fault; a cancelled grade builds nothing', async () => {
    const a = fakeSession();
    await expect(buildAll(a.session, await plan(), () => {}, fakeDeps({ historyFails: true }).deps)).rejects.toThrow(/cannot read the history of build initial/);
    await a.session.close();
    const ctl = new AbortController();
    ctl.abort();
    const b = fakeSession({ signal: ctl.signal });
    const { deps, requests } = fakeDeps();
    await expect(buildAll(b.session, await plan(), () => {}, deps)).rejects.toBeInstanceOf(InfrastructureError);
    expect(requests).toEqual([]);
    await b.session.close();
  });

  it('caps a build log to its share, keeping head and tail', () => {
    const log = `${'head\n'.repeat(10)}${'x'.repeat(5000)}\n${'tail\n'.repeat(10)}`;
    const capped = capText(log, 400);
    expect(capped.length).toBeLessThan(600);
    expect(capped.startsWith('head\n')).toBe(true);
    expect(capped.endsWith('tail\n')).toBe(true);
    expect(capText('short', 400)).toBe('short');
  });

  it('runs a build again when another grade\'s cleanup removed an image it took from the cache (at most twice)', async () => {
    const VANISHED = 'failed to export image: failed to set parent sha256:0c2b1d: unknown parent image ID sha256:0c2b1d';
    for (const [failures, ok] of [[1, true], [2, true], [3, false]] as const) {
      const { session } = fakeSession();
      const { deps, requests } = fakeDeps();
      const real = deps.runBuild;
      let left: number = failures;
      deps.runBuild = async (req) => {
        if (requests.length === 0 && left-- > 0) {
          return fakeOutcome({ ok: false, error: VANISHED, steps: [{ n: 1, instruction: 'FROM layerlab/node:18', imageId: 'base' }] });
        }
        return real(req);
      };
      const events: GradeEvent[] = [];
      const built = await buildAll(session, await plan(), (e) => events.push(e), deps);
      expect(built.records.get('initial')!.ok, `${failures} failures`).toBe(ok);
      expect(events.filter((e) => e.type === 'build-start' && e.build === 'initial')).toHaveLength(1);
      await session.close();
    }
  });

  it('tells the engine\'s vanished-parent race from a student\'s failing RUN', () => {
    expect(vanishedParent('failed to export image: failed to set parent sha256:ab12: unknown parent image ID sha256:ab12')).toBe(true);
    expect(vanishedParent(`No such image: sha256:${'a'.repeat(64)}`)).toBe(true);
    expect(vanishedParent("The command '/bin/sh -c echo failed to set parent sha256:ab12: unknown parent image ID' returned a non-zero code: 1")).toBe(false);
    expect(vanishedParent('No such image: layerlab/nope:1')).toBe(false);
    expect(vanishedParent(undefined)).toBe(false);
  });
});
