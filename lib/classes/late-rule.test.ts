import { describe, expect, it } from 'vitest';
import { assignmentStatus, isLateSubmission, submissionVerdict, type AssignmentWindow } from './late-rule';

const at = (iso: string) => new Date(iso);
const w = (o: Partial<AssignmentWindow>): AssignmentWindow => ({ opensAt: null, dueAt: null, latePolicy: 'ACCEPT_LATE', timeZone: 'Asia/Seoul', ...o });
const DUE = at('2026-12-01T14:59:00Z'); // 23:59 in Seoul

describe('submissionVerdict (several classes: the most lenient assignment wins)', () => {
  it('accepts labs nobody assigned, on time', () => {
    expect(submissionVerdict([], at('2030-01-01T00:00:00Z'))).toEqual({ ok: true, late: false });
  });
  it('refuses before the assignment opens, naming the opening time in the class zone', () => {
    const v = submissionVerdict([w({ opensAt: at('2026-11-20T00:00:00Z') })], at('2026-11-19T00:00:00Z'));
    expect(v).toMatchObject({ ok: false, reason: 'not-open' });
    expect(v.ok ? '' : v.message).toContain('2026-11-20 09:00 (Asia/Seoul)');
  });
  it('accepts on time up to and including the due instant', () => {
    expect(submissionVerdict([w({ dueAt: DUE })], DUE)).toEqual({ ok: true, late: false });
  });
  it('accepts late and marks it under ACCEPT_LATE', () => {
    expect(submissionVerdict([w({ dueAt: DUE })], at('2026-12-01T15:00:00Z'))).toEqual({ ok: true, late: true });
  });
  it('refuses after the due date under REFUSE_LATE, naming the due date', () => {
    const v = submissionVerdict([w({ dueAt: DUE, latePolicy: 'REFUSE_LATE' })], at('2026-12-01T15:00:00Z'));
    expect(v).toMatchObject({ ok: false, reason: 'closed' });
    expect(v.ok ? '' : v.message).toContain('2026-12-01 23:59 (Asia/Seoul)');
  });
  it('with two classes: one still on time wins; one accepting late wins over one refusing', () => {
    const refuse = w({ dueAt: DUE, latePolicy: 'REFUSE_LATE' });
    const later = w({ dueAt: at('2026-12-08T14:59:00Z'), latePolicy: 'REFUSE_LATE', timeZone: 'UTC' });
    const acceptLate = w({ dueAt: DUE, latePolicy: 'ACCEPT_LATE' });
    const after = at('2026-12-02T00:00:00Z');
    expect(submissionVerdict([refuse, later], after)).toEqual({ ok: true, late: false });
    expect(submissionVerdict([refuse, acceptLate], after)).toEqual({ ok: true, late: true });
    expect(submissionVerdict([refuse, w({})], after)).toEqual({ ok: true, late: false });
    // An assignment not open yet does not rescue a closed one.
    const notOpen = w({ opensAt: at('2027-01-01T00:00:00Z') });
    expect(submissionVerdict([refuse, notOpen], after)).toMatchObject({ ok: false, reason: 'closed' });
  });
  it('isLateSubmission: late when accepted late or after a refusing due date', () => {
    expect(isLateSubmission([w({ dueAt: DUE })], at('2026-12-02T00:00:00Z'))).toBe(true);
    expect(isLateSubmission([w({ dueAt: DUE, latePolicy: 'REFUSE_LATE' })], at('2026-12-02T00:00:00Z'))).toBe(true);
    expect(isLateSubmission([w({ dueAt: DUE })], at('2026-11-30T00:00:00Z'))).toBe(false);
    expect(isLateSubmission([], at('2026-12-02T00:00:00Z'))).toBe(false);
  });
});

describe('assignmentStatus', () => {
  const graded = (score: number, iso: string, max = 10) => ({ status: 'GRADED', score, maxScore: max, createdAt: at(iso) });
  const now = at('2026-11-25T00:00:00Z');
  it('not open yet / not started / best x of y / full score', () => {
    expect(assignmentStatus(w({ opensAt: at('2026-11-26T00:00:00Z') }), [], now).label).toBe('not open yet');
    expect(assignmentStatus(w({ dueAt: DUE }), [], now)).toMatchObject({ kind: 'not-started', label: 'not started' });
    expect(assignmentStatus(w({ dueAt: DUE }), [graded(4, '2026-11-20T00:00:00Z'), graded(6, '2026-11-21T00:00:00Z')], now)).toMatchObject({ kind: 'in-progress', best: 6, maxScore: 10, label: 'best 6 of 10' });
    expect(assignmentStatus(w({ dueAt: DUE }), [graded(10, '2026-11-21T00:00:00Z')], now)).toMatchObject({ kind: 'full', label: 'full score', late: false });
  });
  it('FAILED and pending submissions are not attempts', () => {
    const s = assignmentStatus(w({}), [{ status: 'FAILED', score: null, maxScore: null, createdAt: now }, { status: 'QUEUED', score: null, maxScore: null, createdAt: now }], now);
    expect(s.kind).toBe('not-started');
  });
  it('late when the best score came after the due date; overdue without one', () => {
    const after = at('2026-12-05T00:00:00Z');
    expect(assignmentStatus(w({ dueAt: DUE }), [graded(10, '2026-12-03T00:00:00Z')], after)).toMatchObject({ kind: 'full', late: true, label: 'full score · late' });
    expect(assignmentStatus(w({ dueAt: DUE }), [], after)).toMatchObject({ kind: 'not-started', overdue: true, label: 'not started · overdue' });
  });
  it('closed past a refusing due date without full score', () => {
    const after = at('2026-12-05T00:00:00Z');
    const refuse = w({ dueAt: DUE, latePolicy: 'REFUSE_LATE' });
    expect(assignmentStatus(refuse, [], after)).toMatchObject({ kind: 'closed', label: 'closed (late submissions refused)' });
    expect(assignmentStatus(refuse, [graded(3, '2026-11-20T00:00:00Z')], after)).toMatchObject({ kind: 'closed', label: 'best 3 of 10 · closed' });
    expect(assignmentStatus(refuse, [graded(10, '2026-11-20T00:00:00Z')], after)).toMatchObject({ kind: 'full' });
  });
});
