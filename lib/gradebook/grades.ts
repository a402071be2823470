// Pure gradebook arithmetic: which grade counts for each attempt, and one cell per student × lab.
// No database here (lib/gradebook/load.ts reads the rows); unit-tested in grades.test.ts.
import type { SubmissionKind, SubmissionStatus } from '../generated/prisma/enums';

/** The fields of a Submission row the gradebook needs (attempts and their regrades alike). */
export type GradeRow = {
  id: string;
  userId: string;
  labId: string;
  kind: SubmissionKind;
  /** For a REGRADE: the attempt it re-runs. */
  regradeOfId: string | null;
  status: SubmissionStatus;
  score: number | null;
  maxScore: number | null;
  labVersion: string | null;
  createdAt: Date;
  finishedAt: Date | null;
};

/**
 * A student's attempt with the grade that counts for it: the newest finished (GRADED) grade among
 * the attempt itself and its regrades, by finishedAt. A FAILED regrade (an infrastructure failure)
 * never replaces a grade. Earlier grades stay in the history; only this one is shown.
 */
export type EffectiveAttempt = {
  attemptId: string;
  userId: string;
  labId: string;
  /** When the student submitted (the attempt's createdAt; regrades keep it). */
  submittedAt: Date;
  /** The attempt's own status (GRADED = it counts as an attempt; FAILED = our fault, not an attempt). */
  status: SubmissionStatus;
  /** The submission whose grade counts (the attempt or its newest graded regrade); null when none is graded. */
  gradeId: string | null;
  score: number | null;
  maxScore: number | null;
  /** The lab version the counting grade ran against (null: unknown, graded before versions were kept). */
  labVersion: string | null;
  /** A regrade of this attempt is waiting or running. */
  regradePending: boolean;
  /** How many regrades this attempt has (any status). */
  regrades: number;
};

const finishedTime = (r: GradeRow) => (r.finishedAt ?? r.createdAt).getTime();

/** Every ATTEMPT row with its counting grade (see EffectiveAttempt), oldest submission first. */
export function effectiveAttempts(rows: readonly GradeRow[]): EffectiveAttempt[] {
  const regradesOf = new Map<string, GradeRow[]>();
  for (const r of rows) {
    if (r.kind !== 'REGRADE' || !r.regradeOfId) continue;
    const list = regradesOf.get(r.regradeOfId) ?? [];
    list.push(r);
    regradesOf.set(r.regradeOfId, list);
  }
  const out: EffectiveAttempt[] = [];
  for (const a of rows) {
    if (a.kind !== 'ATTEMPT') continue;
    const regrades = regradesOf.get(a.id) ?? [];
    let counting: GradeRow | null = a.status === 'GRADED' ? a : null;
    for (const g of regrades) {
      if (g.status === 'GRADED' && (!counting || finishedTime(g) >= finishedTime(counting))) counting = g;
    }
    out.push({
      attemptId: a.id,
      userId: a.userId,
      labId: a.labId,
      submittedAt: a.createdAt,
      status: a.status,
      gradeId: counting?.id ?? null,
      score: counting ? (counting.score ?? 0) : null,
      maxScore: counting?.maxScore ?? a.maxScore,
      labVersion: counting?.labVersion ?? null,
      regradePending: regrades.some((g) => g.status === 'QUEUED' || g.status === 'RUNNING'),
      regrades: regrades.length,
    });
  }
  return out.sort((x, y) => x.submittedAt.getTime() - y.submittedAt.getTime());
}

/** Is this attempt's counting grade from another version of the lab than `current` (so a regrade applies)? */
export function isOutdated(a: EffectiveAttempt, current: string | null): boolean {
  return a.gradeId !== null && current !== null && a.labVersion !== current;
}

/** One gradebook cell: a student's work on one assigned lab. */
export type GradebookCell = {
  /** Best counting score over the student's attempts; null when none is graded. */
  best: number | null;
  maxScore: number | null;
  /** The submission holding the best grade (to link to); else the newest attempt; null when none. */
  linkId: string | null;
  /** Attempts: ATTEMPT submissions whose status is GRADED (regrades and infrastructure failures are not). */
  attempts: number;
  /** Attempts (not FAILED) submitted after the assignment's due date. */
  late: number;
  /** When the student last submitted to this lab (any attempt); null when never. */
  lastActivity: Date | null;
  /** An attempt is waiting or being graded. */
  pending: boolean;
  /** Graded attempts whose counting grade is from another lab version than the current one, no regrade waiting. */
  outdated: number;
};

export const EMPTY_CELL: GradebookCell = { best: null, maxScore: null, linkId: null, attempts: 0, late: 0, lastActivity: null, pending: false, outdated: 0 };

/**
 * Summarises one student's effective attempts on one lab. `dueAt` null = no due date (nothing is
 * late); a submission exactly at the due instant is on time. Ties on the best score go to the earliest.
 */
export function gradebookCell(attempts: readonly EffectiveAttempt[], dueAt: Date | null, currentVersion: string | null = null): GradebookCell {
  if (attempts.length === 0) return { ...EMPTY_CELL };
  let best: EffectiveAttempt | null = null;
  let newest: EffectiveAttempt | null = null;
  const cell: GradebookCell = { ...EMPTY_CELL };
  for (const a of attempts) {
    if (!newest || a.submittedAt > newest.submittedAt) newest = a;
    if (a.status === 'GRADED') cell.attempts++;
    if (a.status === 'QUEUED' || a.status === 'RUNNING') cell.pending = true;
    if (a.status !== 'FAILED' && dueAt && a.submittedAt.getTime() > dueAt.getTime()) cell.late++;
    if (isOutdated(a, currentVersion) && !a.regradePending) cell.outdated++;
    if (a.score === null) continue;
    if (!best || a.score > (best.score ?? 0) || (a.score === best.score && a.submittedAt < best.submittedAt)) best = a;
  }
  cell.best = best?.score ?? null;
  cell.maxScore = best?.maxScore ?? newest?.maxScore ?? null;
  cell.linkId = best?.gradeId ?? newest?.attemptId ?? null;
  cell.lastActivity = newest?.submittedAt ?? null;
  return cell;
}

export type GradebookStudent = { id: string; name: string; email: string };
export type GradebookAssignment = { labId: string; title: string; dueAt: Date | null; maxScore: number | null; currentVersion: string | null };

export type Gradebook = {
  assignments: GradebookAssignment[];
  rows: { student: GradebookStudent; cells: Record<string, GradebookCell> }[];
};

/**
 * Students × assignments: one cell per pair (EMPTY_CELL when the student never submitted).
 * Rows of students or labs outside the given lists are ignored. Row and column order are kept.
 */
export function buildGradebook(students: readonly GradebookStudent[], assignments: readonly GradebookAssignment[], rows: readonly GradeRow[]): Gradebook {
  const byUserLab = new Map<string, EffectiveAttempt[]>();
  for (const a of effectiveAttempts(rows)) {
    const key = `${a.userId}\0${a.labId}`;
    const list = byUserLab.get(key) ?? [];
    list.push(a);
    byUserLab.set(key, list);
  }
  return {
    assignments: [...assignments],
    rows: students.map((student) => {
      const cells: Record<string, GradebookCell> = {};
      for (const as of assignments) {
        cells[as.labId] = gradebookCell(byUserLab.get(`${student.id}\0${as.labId}`) ?? [], as.dueAt, as.currentVersion);
      }
      return { student, cells };
    }),
  };
}
