import { describe, expect, it } from 'vitest';
import { parseStoredReport } from '../grading/report';
import { alignSteps, compareSubmissions, sideOf, type SideStep, type SubmissionRows } from './compare';

const step = (n: number, instruction: string, cached: boolean, sizeBytes = 0, durationMs = 100): SideStep => ({
  n,
  instruction,
  cached,
  sizeBytes,
  durationMs,
});

/** A stored report as the worker writes it (passes parseStoredReport). */
function report(steps: { instruction: string; cached: boolean; sizeBytes: number; durationMs: number }[], checks: [string, boolean, number][]) {
  const r = parseStoredReport({
    lab: 'cache-order',
    score: checks.reduce((s, c) => s + c[2], 0),
    maxScore: 100,
    checks: checks.map(([id, passed, points]) => ({ id, title: `Check ${id}`, passed, points, maxPoints: 50, feedback: '' })),
    builds: [
      {
        name: 'first',
        ok: true,
        durationMs: steps.reduce((s, x) => s + x.durationMs, 0),
        steps: steps.map((s, i) => ({ n: i + 1, line: i + 1, ...s })),
      },
    ],
  });
  if (!r) throw new Error('test report does not parse');
  return r;
}
const noRows: SubmissionRows = { score: null, maxScore: null, checks: [], builds: [] };

describe('alignSteps', () => {
  it('aligns by instruction text: a line inserted in B is one added row and shifts nothing after it', () => {
    const a = [step(1, 'FROM node:18', true), step(2, 'COPY package.json .', true), step(3, 'RUN npm ci', true, 500), step(4, 'COPY . .', false, 20)];
    const b = [
      step(1, 'FROM node:18', true),
      step(2, 'WORKDIR /app', false),
      step(3, 'COPY package.json .', false),
      step(4, 'RUN npm ci', false, 500),
      step(5, 'COPY  .  .', false, 20),
    ];
    const rows = alignSteps(a, b);
    expect(rows.map((r) => [r.mark, r.a?.n ?? null, r.b?.n ?? null])).toEqual([
      ['same', 1, 1],
      ['added', null, 2],
      ['changed', 2, 3],
      ['changed', 3, 4],
      ['same', 4, 5], // whitespace runs folded: the same instruction
    ]);
    expect(rows[2].cache).toBe('no longer cached');
    expect(rows[3].sizeDeltaBytes).toBe(0);
  });

  it('marks a removed line and both cache flips', () => {
    const a = [step(1, 'FROM x', true), step(2, 'RUN a', false), step(3, 'RUN b', true)];
    const b = [step(1, 'FROM x', true), step(2, 'RUN b', false)];
    expect(alignSteps(a, b).map((r) => [r.mark, r.cache])).toEqual([
      ['same', null],
      ['removed', null],
      ['changed', 'no longer cached'],
    ]);
    expect(alignSteps(b, a).find((r) => r.instruction === 'RUN b')?.cache).toBe('now cached');
  });

  it('a layer size change marks the step; a duration change alone does not', () => {
    const rows = alignSteps([step(1, 'RUN x', false, 100, 50)], [step(1, 'RUN x', false, 300, 900)]);
    expect(rows[0]).toMatchObject({ mark: 'changed', sizeDeltaBytes: 200, durationDeltaMs: 850 });
    const slower = alignSteps([step(1, 'RUN x', false, 100, 50)], [step(1, 'RUN x', false, 100, 900)]);
    expect(slower[0]).toMatchObject({ mark: 'same', durationDeltaMs: 850 });
  });
});

describe('compareSubmissions', () => {
  it('check deltas: points and pass/fail per check, a check only one side has', () => {
    const a = sideOf(report([{ instruction: 'FROM x', cached: true, sizeBytes: 0, durationMs: 10 }], [['order', false, 0], ['size', true, 50]]), {
      ...noRows,
      score: 50,
      maxScore: 100,
    });
    const b = sideOf(report([{ instruction: 'FROM x', cached: true, sizeBytes: 0, durationMs: 10 }], [['order', true, 50], ['new', true, 0]]), {
      ...noRows,
      score: 50,
      maxScore: 100,
    });
    const c = compareSubmissions(a, b);
    expect(c.checks.map((x) => [x.id, x.mark, x.pointsDelta])).toEqual([
      ['order', 'changed', 50],
      ['size', 'removed', null],
      ['new', 'added', null],
    ]);
    expect(c.score).toMatchObject({ a: 50, b: 50, delta: 0, mark: 'same' });
    expect(c.builds[0].mark).toBe('same');
    expect(c.differences).toBe(3);
  });

  it('build totals: duration and layer bytes with deltas; cache flips counted as differences', () => {
    const a = sideOf(
      report(
        [
          { instruction: 'FROM x', cached: true, sizeBytes: 0, durationMs: 0 },
          { instruction: 'RUN npm ci', cached: false, sizeBytes: 1000, durationMs: 9000 },
        ],
        [],
      ),
      { ...noRows, score: 0, maxScore: 100 },
    );
    const b = sideOf(
      report(
        [
          { instruction: 'FROM x', cached: true, sizeBytes: 0, durationMs: 0 },
          { instruction: 'RUN npm ci', cached: true, sizeBytes: 1000, durationMs: 5 },
        ],
        [],
      ),
      { ...noRows, score: 100, maxScore: 100 },
    );
    const c = compareSubmissions(a, b);
    expect(c.builds[0]).toMatchObject({
      name: 'first',
      mark: 'changed',
      a: { durationMs: 9000, sizeBytes: 1000, cachedSteps: 1, steps: 2 },
      b: { durationMs: 5, sizeBytes: 1000, cachedSteps: 2, steps: 2 },
      durationDeltaMs: -8995,
      sizeDeltaBytes: 0,
    });
    expect(c.builds[0].steps[1].cache).toBe('now cached');
    expect(c.score).toMatchObject({ delta: 100, mark: 'changed' });
  });

  it('a missing report on one side: the rows stand in; with no rows every row of the other side is one-sided', () => {
    const a = sideOf(report([{ instruction: 'FROM x', cached: false, sizeBytes: 10, durationMs: 10 }], [['order', true, 50]]), {
      ...noRows,
      score: 50,
      maxScore: 100,
    });
    const fromRows = sideOf(null, {
      score: 0,
      maxScore: 100,
      checks: [{ checkId: 'order', title: 'Check order', passed: false, points: 0, maxPoints: 50 }],
      builds: [{ name: 'first', ok: true, durationMs: 20, steps: [{ n: 1, instruction: 'FROM x', cached: true }] }],
    });
    expect(fromRows.source).toBe('records');
    const c = compareSubmissions(a, fromRows);
    expect(c.checks[0]).toMatchObject({ mark: 'changed', pointsDelta: -50 });
    // Sizes unknown on the rows side: no size delta, the cache flip still shows.
    expect(c.builds[0].b?.sizeBytes).toBeNull();
    expect(c.builds[0].steps[0]).toMatchObject({ mark: 'changed', cache: 'now cached', sizeDeltaBytes: null });

    const nothing = sideOf(null, { ...noRows, score: null, maxScore: 100 });
    expect(nothing.source).toBe('none');
    const d = compareSubmissions(a, nothing);
    expect(d.checks.map((x) => x.mark)).toEqual(['removed']);
    expect(d.builds.map((x) => [x.mark, x.steps.map((s) => s.mark)])).toEqual([['removed', ['removed']]]);
    expect(d.score).toMatchObject({ a: 50, b: null, delta: null, mark: 'changed' });
  });
});
