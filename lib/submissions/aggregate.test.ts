import { describe, expect, it } from 'vitest';
import { formatScore, progressByUserAndLab, summarizeAttempts, type AttemptRow } from './aggregate';

let n = 0;
function row(p: Partial<AttemptRow> & { minute: number }): AttemptRow {
  return {
    id: p.id ?? `s${++n}`,
    userId: p.userId ?? 'u1',
    labId: p.labId ?? 'lab',
    status: p.status ?? 'GRADED',
    score: p.score ?? null,
    maxScore: p.maxScore ?? 10,
    createdAt: new Date(Date.UTC(2025, 0, 1, 0, p.minute)),
  };
}

describe('summarizeAttempts', () => {
  it('is empty without submissions', () => {
    expect(summarizeAttempts([])).toMatchObject({ best: null, attempts: 0, linkId: null, total: 0 });
  });

  it('counts only GRADED submissions as attempts and takes the best graded score', () => {
    const p = summarizeAttempts([
      row({ id: 'a', minute: 1, score: 4 }),
      row({ id: 'b', minute: 2, score: 9 }),
      row({ id: 'c', minute: 3, status: 'FAILED' }),
      row({ id: 'd', minute: 4, score: 6 }),
      row({ id: 'e', minute: 5, status: 'QUEUED' }),
    ]);
    expect(p).toMatchObject({ best: 9, maxScore: 10, attempts: 3, bestId: 'b', latestId: 'e', latestStatus: 'QUEUED', linkId: 'b', total: 5 });
  });

  it('gives ties to the earliest submission and treats a null graded score as 0', () => {
    const p = summarizeAttempts([row({ id: 'late', minute: 9, score: 7 }), row({ id: 'early', minute: 1, score: 7 }), row({ id: 'z', minute: 5 })]);
    expect(p.bestId).toBe('early');
    expect(summarizeAttempts([row({ id: 'z', minute: 5 })]).best).toBe(0);
  });

  it('links to the latest submission when none is graded; failures are not attempts', () => {
    const p = summarizeAttempts([row({ id: 'f1', minute: 1, status: 'FAILED' }), row({ id: 'f2', minute: 2, status: 'FAILED' })]);
    expect(p).toMatchObject({ best: null, attempts: 0, bestId: null, linkId: 'f2', latestStatus: 'FAILED' });
  });
});

describe('progressByUserAndLab', () => {
  it('groups per user and lab', () => {
    const m = progressByUserAndLab([
      row({ userId: 'u1', labId: 'a', minute: 1, score: 3 }),
      row({ userId: 'u1', labId: 'b', minute: 2, score: 5 }),
      row({ userId: 'u2', labId: 'a', minute: 3, score: 8 }),
      row({ userId: 'u2', labId: 'a', minute: 4, status: 'FAILED' }),
    ]);
    expect(m.get('u1')?.get('a')?.best).toBe(3);
    expect(m.get('u1')?.get('b')?.best).toBe(5);
    expect(m.get('u2')?.get('a')).toMatchObject({ best: 8, attempts: 1, total: 2 });
    expect(m.get('u3')).toBeUndefined();
  });
});

describe('formatScore', () => {
  it('formats', () => {
    expect(formatScore(7, 10)).toBe('7 / 10');
    expect(formatScore(7.5, 10)).toBe('7.5 / 10');
    expect(formatScore(null, 10)).toBe('—');
    expect(formatScore(3, null)).toBe('3');
  });
});
