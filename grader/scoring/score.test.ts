import { describe, expect, it } from 'vitest';
import type { LabCheck } from '../labs';
import { notEvaluatedReason, scoreChecks } from './score';

const build: LabCheck = { kind: 'build', id: 'builds', title: 'Builds', points: 20 };
const cache: LabCheck = { kind: 'cache', id: 'cached', title: 'Cached', points: 40, build: 'source-edit', step: { instruction: 'RUN', program: 'npm', subcommand: 'install' }, cached: true };
const file: LabCheck = { kind: 'file', id: 'dayjs', title: 'dayjs', points: 10, build: 'dep-edit', path: 'node_modules/dayjs', present: true };
const order = ['initial', 'source-edit', 'dep-edit'];

describe('scoring', () => {
  it('sums points of passed checks and clamps partial credit', () => {
    const r = scoreChecks([
      { check: build, outcome: { passed: true, feedback: 'ok' } },
      { check: cache, outcome: { passed: false, feedback: 'no' } },
      { check: file, outcome: { passed: false, points: 99, feedback: 'partial?' } },
    ]);
    expect(r.score).toBe(30);
    expect(r.maxScore).toBe(70);
    expect(r.checks.map((c) => [c.id, c.points, c.maxPoints])).toEqual([['builds', 20, 20], ['cached', 0, 40], ['dayjs', 10, 10]]);
  });

  it('does not evaluate a check whose build failed, naming the build', () => {
    const builds = new Map([
      ['initial', { ok: true }],
      ['source-edit', { ok: false, reason: 'at line 4: exit code 1' }],
      ['dep-edit', { ok: false, blockedBy: 'source-edit', reason: 'not attempted' }],
    ]);
    expect(notEvaluatedReason(cache, order, builds)).toBe('Not evaluated because build `source-edit` failed (at line 4: exit code 1).');
    expect(notEvaluatedReason(file, order, builds)).toBe('Not evaluated because build `source-edit` failed (at line 4: exit code 1).');
    expect(notEvaluatedReason(build, order, builds)).toBeUndefined(); // reports failures itself
  });

  it('a cache check needs every build up to its own', () => {
    const builds = new Map([['initial', { ok: false, reason: 'x' }], ['source-edit', { ok: true }], ['dep-edit', { ok: true }]]);
    expect(notEvaluatedReason(cache, order, builds)).toMatch(/build `initial` failed/);
    expect(notEvaluatedReason(file, order, builds)).toBeUndefined();
  });
});
