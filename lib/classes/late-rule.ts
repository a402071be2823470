import type { LatePolicy } from '../generated/prisma/enums';
import { formatInZone } from './time-zone';

/**
 * When a student may submit a lab, and when a submission is late. Pure: the callers load the
 * assignments (lib/classes/lab-windows.ts) and pass the time.
 *
 * The rule when several of the student's classes assign the same lab (the most lenient wins, so a
 * student is never refused or marked late by one class while another still accepts on time):
 *   - no assignment of the lab: free practice, always accepted, never late;
 *   - refused as "not open" when no assignment has opened yet (every opensAt is in the future);
 *   - on time when any opened assignment has no due date or a due date not yet passed;
 *   - otherwise late: accepted and marked late when any opened assignment is ACCEPT_LATE,
 *     refused as "closed" when every opened assignment is REFUSE_LATE.
 */
export type AssignmentWindow = {
  opensAt: Date | null;
  dueAt: Date | null;
  latePolicy: LatePolicy;
  /** The class's IANA zone, for the dates in messages. */
  timeZone: string;
};

export type SubmissionVerdict =
  | { ok: true; late: boolean }
  | { ok: false; reason: 'not-open' | 'closed'; message: string; at: Date; timeZone: string };

/** Whether a submission made at `at` is accepted, and whether it is late (see the rule above). */
export function submissionVerdict(windows: readonly AssignmentWindow[], at: Date): SubmissionVerdict {
  if (windows.length === 0) return { ok: true, late: false };
  const opened = windows.filter((w) => !w.opensAt || w.opensAt.getTime() <= at.getTime());
  if (opened.length === 0) {
    const first = [...windows].sort((a, b) => a.opensAt!.getTime() - b.opensAt!.getTime())[0];
    return {
      ok: false,
      reason: 'not-open',
      message: `This lab is not open yet: it opens ${formatInZone(first.opensAt!, first.timeZone)}.`,
      at: first.opensAt!,
      timeZone: first.timeZone,
    };
  }
  if (opened.some((w) => !w.dueAt || at.getTime() <= w.dueAt.getTime())) return { ok: true, late: false };
  if (opened.some((w) => w.latePolicy === 'ACCEPT_LATE')) return { ok: true, late: true };
  const last = [...opened].sort((a, b) => b.dueAt!.getTime() - a.dueAt!.getTime())[0];
  return {
    ok: false,
    reason: 'closed',
    message: `The due date of this lab was ${formatInZone(last.dueAt!, last.timeZone)}; late submissions are not accepted.`,
    at: last.dueAt!,
    timeZone: last.timeZone,
  };
}

/** Whether a submission made at `at` counts as late (accepted late, or made after a refusing due date). */
export function isLateSubmission(windows: readonly AssignmentWindow[], at: Date): boolean {
  const v = submissionVerdict(windows, at);
  return v.ok ? v.late : v.reason === 'closed';
}

/** One attempt as the home page needs it (see lib/submissions/aggregate AttemptRow). */
export type AttemptLike = { status: string; score: number | null; maxScore: number | null; createdAt: Date };

export type AssignmentStatus = {
  kind: 'not-open' | 'closed' | 'not-started' | 'in-progress' | 'full';
  /** Best graded score and its maximum (null before any graded attempt). */
  best: number | null;
  maxScore: number | null;
  /** The best score was reached after the due date. */
  late: boolean;
  /** Past the due date without full score (and still accepted late). */
  overdue: boolean;
  /** What the student reads, e.g. "best 6 of 10 · late". */
  label: string;
};

/**
 * A student's status on one assignment of one class at `now`: not open yet, closed (past a
 * REFUSE_LATE due date without full score), not started, best x of y, full score; with "late" when
 * the best score came after the due date. Only GRADED attempts count (see aggregate.ts).
 */
export function assignmentStatus(
  a: Pick<AssignmentWindow, 'opensAt' | 'dueAt' | 'latePolicy'>,
  attempts: readonly AttemptLike[],
  now: Date,
): AssignmentStatus {
  let best: AttemptLike | null = null;
  for (const r of attempts) {
    if (r.status !== 'GRADED') continue;
    const s = r.score ?? 0;
    if (!best || s > (best.score ?? 0) || (s === (best.score ?? 0) && r.createdAt < best.createdAt)) best = r;
  }
  const bestScore = best ? (best.score ?? 0) : null;
  const maxScore = best?.maxScore ?? null;
  const full = best !== null && maxScore !== null && maxScore > 0 && bestScore === maxScore;
  const pastDue = a.dueAt !== null && now.getTime() > a.dueAt.getTime();
  const late = best !== null && a.dueAt !== null && best.createdAt.getTime() > a.dueAt.getTime();
  const overdue = pastDue && !full && a.latePolicy === 'ACCEPT_LATE';
  const base = { best: bestScore, maxScore, late, overdue };
  const withLate = (label: string) => (late ? `${label} · late` : label);

  if (a.opensAt && now.getTime() < a.opensAt.getTime() && best === null) return { ...base, kind: 'not-open', label: 'not open yet' };
  if (full) return { ...base, kind: 'full', label: withLate('full score') };
  if (pastDue && a.latePolicy === 'REFUSE_LATE') {
    const label = best ? `best ${bestScore} of ${maxScore} · closed` : 'closed (late submissions refused)';
    return { ...base, kind: 'closed', label: withLate(label) };
  }
  if (best) return { ...base, kind: 'in-progress', label: withLate(`best ${bestScore} of ${maxScore}`) };
  return { ...base, kind: 'not-started', label: overdue ? 'not started · overdue' : 'not started' };
}
