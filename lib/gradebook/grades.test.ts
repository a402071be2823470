import { describe, expect, it } from 'vitest';
import { buildGradebook, effectiveAttempts, gradebookCell, isOutdated, type GradeRow } from './grades';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 0, minute));
let n = 0;
function row(p: Partial<GradeRow> & { minute: number }): GradeRow {
  return {
    id: p.id ?? `s${++n}`,
    userId: p.userId ?? 'u1',
    labId: p.labId ?? 'lab',
    kind: p.kind ?? 'ATTEMPT',
    regradeOfId: p.regradeOfId ?? null,
    status: p.status ?? 'GRADED',
    score: p.score === undefined ? 50 : p.score,
    maxScore: p.maxScore ?? 100,
    labVersion: p.labVersion === undefined ? 'v1' : p.labVersion,
    createdAt: at(p.minute),
    finishedAt: p.finishedAt ?? at(p.minute + 1),
  };
}

describe('effectiveAttempts', () => {
  it('takes the newest graded regrade of an attempt; a FAILED or pending regrade keeps the earlier grade', () => {
    const rows = [
      row({ id: 'a', minute: 1, score: 40 }),
      row({ id: 'r1', minute: 10, kind: 'REGRADE', regradeOfId: 'a', score: 70, labVersion: 'v2' }),
      row({ id: 'r2', minute: 20, kind: 'REGRADE', regradeOfId: 'a', status: 'FAILED', score: null }),
      row({ id: 'r3', minute: 30, kind: 'REGRADE', regradeOfId: 'a', status: 'QUEUED', score: null, finishedAt: null }),
    ];
    const [a, ...rest] = effectiveAttempts(rows);
    expect(rest).toEqual([]);
    expect(a).toMatchObject({ attemptId: 'a', gradeId: 'r1', score: 70, labVersion: 'v2', regradePending: true, regrades: 3 });
    expect(a.submittedAt).toEqual(at(1));
  });

  it('an ungraded attempt has no counting grade', () => {
    const [a] = effectiveAttempts([row({ id: 'q', minute: 1, status: 'QUEUED', score: null, finishedAt: null })]);
    expect(a).toMatchObject({ gradeId: null, score: null, labVersion: null });
    expect(isOutdated(a, 'v9')).toBe(false);
  });

  it('outdated when the counting grade ran against another (or an unknown) version', () => {
    const [a, b] = effectiveAttempts([row({ minute: 1, labVersion: 'v1' }), row({ minute: 2, labVersion: null })]);
    expect(isOutdated(a, 'v1')).toBe(false);
    expect(isOutdated(a, 'v2')).toBe(true);
    expect(isOutdated(b, 'v1')).toBe(true);
    expect(isOutdated(a, null)).toBe(false); // current version unknown: offer nothing
  });
});

describe('gradebookCell', () => {
  it('best score, attempts (GRADED attempts only), late marks after the due date, last activity', () => {
    const rows = [
      row({ id: 'a1', minute: 1, score: 30 }),
      row({ id: 'a2', minute: 5, score: 80 }),
      row({ id: 'a3', minute: 9, status: 'FAILED', score: null }), // our fault: not an attempt, not late
      row({ id: 'a4', minute: 12, score: 60 }),
      row({ id: 'rg', minute: 20, kind: 'REGRADE', regradeOfId: 'a1', score: 90 }), // a regrade is not an attempt
    ];
    const cell = gradebookCell(effectiveAttempts(rows), at(5));
    expect(cell).toMatchObject({ best: 90, maxScore: 100, linkId: 'rg', attempts: 3, late: 1, pending: false });
    expect(cell.lastActivity).toEqual(at(12));
  });

  it('a submission exactly at the due instant is on time; no due date, nothing late', () => {
    const attempts = effectiveAttempts([row({ minute: 5 })]);
    expect(gradebookCell(attempts, at(5)).late).toBe(0);
    expect(gradebookCell(attempts, null).late).toBe(0);
  });

  it('ties on the best score go to the earliest; pending attempts link to the newest', () => {
    const tie = gradebookCell(effectiveAttempts([row({ id: 'late', minute: 9, score: 7 }), row({ id: 'early', minute: 1, score: 7 })]), null);
    expect(tie.linkId).toBe('early');
    const waiting = gradebookCell(effectiveAttempts([row({ id: 'q', minute: 3, status: 'QUEUED', score: null, finishedAt: null })]), null);
    expect(waiting).toMatchObject({ best: null, attempts: 0, pending: true, linkId: 'q' });
  });

  it('counts outdated graded attempts against the current version', () => {
    const cell = gradebookCell(effectiveAttempts([row({ minute: 1, labVersion: 'old' }), row({ minute: 2, labVersion: 'new' })]), null, 'new');
    expect(cell.outdated).toBe(1);
  });
});

describe('buildGradebook', () => {
  it('one cell per student and assignment, in the given order; others ignored', () => {
    const book = buildGradebook(
      [{ id: 'u2', name: '김하늘', email: 'h@x' }, { id: 'u1', name: 'Ann', email: 'a@x' }],
      [
        { labId: 'b', title: 'B', dueAt: null, maxScore: 100, currentVersion: null },
        { labId: 'a', title: 'A', dueAt: null, maxScore: 100, currentVersion: null },
      ],
      [row({ userId: 'u1', labId: 'a', minute: 1, score: 100 }), row({ userId: 'u9', labId: 'a', minute: 1 }), row({ userId: 'u1', labId: 'zz', minute: 1 })],
    );
    expect(book.rows.map((r) => r.student.id)).toEqual(['u2', 'u1']);
    expect(Object.keys(book.rows[1].cells)).toEqual(['b', 'a']);
    expect(book.rows[1].cells.a.best).toBe(100);
    expect(book.rows[1].cells.b).toMatchObject({ best: null, attempts: 0, lastActivity: null });
    expect(book.rows[0].cells.a.attempts).toBe(0);
  });
});
