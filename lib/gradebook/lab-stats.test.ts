import { describe, expect, it } from 'vitest';
import { effectiveAttempts, type GradeRow } from './grades';
import { checkPassRates, EXCERPT_CHARS, medianAttemptsToFullScore, mostCommonFailingCheck, scoreDistribution, truncate, type CheckRow } from './lab-stats';

describe('scoreDistribution', () => {
  it('ten equal bins on [0, max]; the last bin includes the maximum', () => {
    const bins = scoreDistribution([0, 5, 10, 55, 99.9, 100, 100], 100);
    expect(bins).toHaveLength(10);
    expect(bins.map((b) => b.count)).toEqual([2, 1, 0, 0, 0, 1, 0, 0, 0, 3]);
    expect(bins[0]).toMatchObject({ x0: 0, x1: 10, label: '0–10' });
    expect(bins[9]).toMatchObject({ x0: 90, x1: 100, label: '90–100' });
    expect(bins.reduce((s, b) => s + b.count, 0)).toBe(7);
  });
  it('clamps out-of-range scores, ignores non-finite ones; no bins for a non-positive maximum', () => {
    expect(scoreDistribution([-3, 130, Number.NaN], 10, 2).map((b) => b.count)).toEqual([1, 1]);
    expect(scoreDistribution([1], 0)).toEqual([]);
    expect(scoreDistribution([], 10, 5).map((b) => b.count)).toEqual([0, 0, 0, 0, 0]);
  });
});

const check = (submissionId: string, checkId: string, passed: boolean, feedback = '', position = checkId.charCodeAt(0)): CheckRow =>
  ({ submissionId, checkId, title: `Check ${checkId}`, position, passed, feedback });

describe('checkPassRates / mostCommonFailingCheck', () => {
  const rows = [
    check('s1', 'a', true), check('s1', 'b', false, 'COPY . . before\n  npm install'), check('s1', 'c', false, 'too big'),
    check('s2', 'a', true), check('s2', 'b', false, 'COPY . .  before npm install'), check('s2', 'c', true),
    check('s3', 'a', false, 'build failed'), check('s3', 'b', false, 'other text'), check('s3', 'c', false, 'too big'),
  ];
  it('pass rate per check in check order', () => {
    expect(checkPassRates(rows)).toEqual([
      { checkId: 'a', title: 'Check a', passed: 2, total: 3, rate: 2 / 3 },
      { checkId: 'b', title: 'Check b', passed: 0, total: 3, rate: 0 },
      { checkId: 'c', title: 'Check c', passed: 1, total: 3, rate: 1 / 3 },
    ]);
  });
  it('the most failed check with its most frequent feedback (whitespace collapsed)', () => {
    expect(mostCommonFailingCheck(rows)).toEqual({
      checkId: 'b', title: 'Check b', failures: 3, total: 3, excerpt: 'COPY . . before npm install', excerptCount: 2,
    });
  });
  it('null when nothing failed; long feedback is cut', () => {
    expect(mostCommonFailingCheck([check('s1', 'a', true)])).toBeNull();
    const long = 'x'.repeat(1000);
    expect(mostCommonFailingCheck([check('s1', 'a', false, long)])?.excerpt).toHaveLength(EXCERPT_CHARS);
    expect(truncate('도커 이미지', 3)).toBe('도커…');
    expect(truncate('short', 10)).toBe('short');
  });
});

describe('medianAttemptsToFullScore', () => {
  const at = (m: number) => new Date(Date.UTC(2026, 0, 1, 0, m));
  const g = (userId: string, m: number, score: number | null, extra: Partial<GradeRow> = {}): GradeRow => ({
    id: `${userId}-${m}`, userId, labId: 'lab', kind: 'ATTEMPT', regradeOfId: null, status: 'GRADED', score, maxScore: 100,
    labVersion: 'v', createdAt: at(m), finishedAt: at(m + 1), ...extra,
  });
  it('counts graded attempts up to the first full score; median over those who got there', () => {
    const rows = [
      g('u1', 1, 100),
      g('u2', 1, 20), g('u2', 2, null, { status: 'FAILED' }), g('u2', 3, 100), g('u2', 4, 100), // FAILED is not an attempt → 2
      g('u3', 1, 10), g('u3', 2, 50), g('u3', 3, 60), g('u3', 5, 100), // 4
      g('u4', 1, 90), // never full
    ];
    expect(medianAttemptsToFullScore(effectiveAttempts(rows))).toEqual({ median: 2, reached: 3, students: 4 });
  });
  it('a regrade to full score counts at the attempt it regrades', () => {
    const rows = [g('u1', 1, 40), g('u1', 2, 80), { ...g('u1', 9, 100), id: 'rg', kind: 'REGRADE' as const, regradeOfId: 'u1-1' }];
    expect(medianAttemptsToFullScore(effectiveAttempts(rows))).toEqual({ median: 1, reached: 1, students: 1 });
  });
  it('even count: the mean of the middle two; nobody: null', () => {
    expect(medianAttemptsToFullScore(effectiveAttempts([g('a', 1, 100), g('b', 1, 0), g('b', 2, 100)])).median).toBe(1.5);
    expect(medianAttemptsToFullScore(effectiveAttempts([g('a', 1, 0)]))).toEqual({ median: null, reached: 0, students: 1 });
  });
});
