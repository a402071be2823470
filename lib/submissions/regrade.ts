// Regrading: after a lab changed (its labVersion differs), a teacher of the student's class or an
// admin re-runs attempts against the current lab. Each regrade is a NEW Submission (kind REGRADE,
// regradeOfId = the attempt, the attempt's files copied), so every earlier result stays in the
// history; the gradebook counts the newest finished grade of each attempt (lib/gradebook/grades.ts).
// Regrades are queued at a lower priority than students' submissions and never count toward their
// rate limits or pending caps (rate-limit.ts and create.ts count kind ATTEMPT only).
import { db, Role, SubmissionKind, SubmissionStatus } from '../db';
import type { Prisma } from '../generated/prisma/client';
import { canManageClass, classesManagedBy, type ClassViewer } from '../classes/teaching';
import { effectiveAttempts, isOutdated, type GradeRow } from '../gradebook/grades';
import { labVersion, shortLabVersion } from '../labs/version';
import { enqueueGrade } from '../queue';

/** The submission (or class/lab) does not exist or is not the viewer's to regrade: HTTP 404. */
export class RegradeNotFoundError extends Error {
  constructor(what: string) {
    super(`${what} was not found.`);
    this.name = 'RegradeNotFoundError';
  }
}

/** The regrade makes no sense now (not graded, already current, one already waiting): HTTP 409. */
export class RegradeRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegradeRefusedError';
  }
}

/** Attempts a viewer may regrade: those of students in a class the viewer manages (admin: all). */
export function regradableBy(viewer: ClassViewer): Prisma.SubmissionWhereInput {
  if (viewer.role === Role.ADMIN) return {};
  if (viewer.role === Role.TEACHER) return { user: { memberships: { some: { classroom: classesManagedBy(viewer) } } } };
  return { id: { in: [] } };
}

const rowSelect = {
  id: true, userId: true, labId: true, kind: true, regradeOfId: true, status: true,
  score: true, maxScore: true, labVersion: true, createdAt: true, finishedAt: true,
} as const;

/**
 * Regrades one attempt (given the attempt or any regrade of it) against the current lab version.
 * Returns the new REGRADE submission's id. Throws RegradeNotFoundError (unknown, or not a student
 * of a class the viewer manages) or RegradeRefusedError (the attempt is not GRADED, its newest grade
 * already ran against the current lab version, or a regrade of it is already waiting).
 */
export async function regradeSubmission(viewer: ClassViewer, submissionId: string): Promise<{ id: string }> {
  if (typeof submissionId !== 'string' || !submissionId || submissionId.length > 100) throw new RegradeNotFoundError('The submission');
  const found = await db.submission.findFirst({
    where: { AND: [{ id: submissionId }, regradableBy(viewer)] },
    select: { id: true, kind: true, regradeOfId: true },
  });
  if (!found) throw new RegradeNotFoundError('The submission');
  const attemptId = found.kind === SubmissionKind.REGRADE && found.regradeOfId ? found.regradeOfId : found.id;
  const rows = await db.submission.findMany({ where: { OR: [{ id: attemptId }, { regradeOfId: attemptId }] }, select: rowSelect });
  const [attempt] = effectiveAttempts(rows);
  if (!attempt) throw new RegradeNotFoundError('The submission');
  if (attempt.status !== SubmissionStatus.GRADED) {
    throw new RegradeRefusedError(`Only graded attempts can be regraded; this one is ${attempt.status}.`);
  }
  const current = await currentVersionOrRefuse(attempt.labId);
  if (attempt.regradePending) throw new RegradeRefusedError('A regrade of this attempt is already waiting to be graded.');
  if (!isOutdated(attempt, current)) {
    throw new RegradeRefusedError(`This attempt was already graded against the current version of the lab (${shortLabVersion(current)}).`);
  }
  const [id] = await createRegrades([attempt.attemptId]);
  if (!id) throw new RegradeRefusedError('A regrade of this attempt is already waiting to be graded.');
  return { id };
}

export type LabRegradeResult = {
  /** New REGRADE submissions queued. */
  queued: string[];
  /** Graded attempts already graded against the current version. */
  upToDate: number;
  /** Attempts with a regrade already waiting (not queued again). */
  alreadyWaiting: number;
};

/**
 * Regrades every graded attempt of the class's students on an assigned lab whose newest grade ran
 * against another lab version. Throws RegradeNotFoundError when the class is not the viewer's or
 * the lab is not assigned to it, RegradeRefusedError when the lab's folder cannot be read.
 */
export async function regradeLab(viewer: ClassViewer, classroomId: string, labId: string): Promise<LabRegradeResult> {
  if (typeof classroomId !== 'string' || !classroomId || classroomId.length > 100) throw new RegradeNotFoundError('The class');
  if (!(await canManageClass(viewer, classroomId))) throw new RegradeNotFoundError('The class');
  const assignment = await db.assignment.findUnique({ where: { classroomId_labId: { classroomId, labId } }, select: { id: true } });
  if (!assignment) throw new RegradeNotFoundError('The assignment');
  const current = await currentVersionOrRefuse(labId);
  const rows: GradeRow[] = await db.submission.findMany({
    where: { labId, user: { role: Role.STUDENT, memberships: { some: { classroomId } } } },
    select: rowSelect,
  });
  const graded = effectiveAttempts(rows).filter((a) => a.status === SubmissionStatus.GRADED && a.gradeId !== null);
  const waiting = graded.filter((a) => a.regradePending);
  const candidates = graded.filter((a) => !a.regradePending && isOutdated(a, current));
  const queued = await createRegrades(candidates.map((a) => a.attemptId));
  return { queued, upToDate: graded.length - candidates.length - waiting.length, alreadyWaiting: waiting.length + (candidates.length - queued.length) };
}

async function currentVersionOrRefuse(labId: string): Promise<string> {
  try {
    return await labVersion(labId);
  } catch {
    throw new RegradeRefusedError(`The lab "${labId}" cannot be read any more, so it cannot be regraded.`);
  }
}

/**
 * Creates one QUEUED REGRADE per attempt (files copied) in one transaction, skipping an attempt
 * whose regrade is already waiting (checked again under a per-attempt advisory lock, so two clicks
 * at once queue one regrade), then enqueues each at the 'regrade' priority. An enqueue failure
 * marks that regrade FAILED with the reason (the attempt's earlier grades are untouched).
 * Returns the ids queued.
 */
async function createRegrades(attemptIds: readonly string[]): Promise<string[]> {
  if (attemptIds.length === 0) return [];
  const ids = await db.$transaction(async (tx) => {
    const made: string[] = [];
    for (const attemptId of attemptIds) {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`regrade:${attemptId}`}, 0))`;
      const waiting = await tx.submission.count({
        where: { regradeOfId: attemptId, status: { in: [SubmissionStatus.QUEUED, SubmissionStatus.RUNNING] } },
      });
      if (waiting > 0) continue;
      const a = await tx.submission.findUnique({ where: { id: attemptId }, select: { userId: true, labId: true, files: true } });
      if (!a) continue;
      const r = await tx.submission.create({
        data: { userId: a.userId, labId: a.labId, files: a.files as Prisma.InputJsonValue, kind: SubmissionKind.REGRADE, regradeOfId: attemptId, status: SubmissionStatus.QUEUED },
        select: { id: true },
      });
      made.push(r.id);
    }
    return made;
  });
  for (const id of ids) {
    try {
      const jobId = await enqueueGrade(id, { priority: 'regrade' });
      await db.submission.updateMany({ where: { id, jobId: null }, data: { jobId } });
    } catch (err) {
      await db.submission.updateMany({
        where: { id, status: SubmissionStatus.QUEUED },
        data: { status: SubmissionStatus.FAILED, failureReason: `The grading queue is unavailable; regrade again later (${(err as Error).message}).`, finishedAt: new Date() },
      });
    }
  }
  return ids;
}

export type RegradeLinks = {
  /** For a regrade: the attempt it re-runs. */
  regradeOf: string | null;
  /** Regrades of this submission's attempt, newest first (including this one when it is a regrade). */
  regrades: { id: string; status: SubmissionStatus; score: number | null; maxScore: number | null; labVersion: string | null; createdAt: Date }[];
  /** The lab's current version (null when unreadable). */
  currentVersion: string | null;
  /** The viewer manages the student's class (a teacher of it, or an admin). */
  mayRegrade: boolean;
  /** mayRegrade, and a regrade applies now (GRADED, outdated, none waiting). */
  canRegrade: boolean;
};

/**
 * What the submission page shows about regrades of a submission the viewer can already see:
 * "regrade of #…", "regraded: see #…", and whether a regrade button applies (the viewer manages the
 * student's class, the attempt is GRADED, its newest grade is outdated and none is waiting).
 */
export async function regradeLinks(viewer: ClassViewer, submission: { id: string; kind: SubmissionKind; regradeOfId: string | null; labId: string }): Promise<RegradeLinks> {
  const attemptId = submission.kind === SubmissionKind.REGRADE && submission.regradeOfId ? submission.regradeOfId : submission.id;
  const rows = await db.submission.findMany({ where: { OR: [{ id: attemptId }, { regradeOfId: attemptId }] }, select: rowSelect, orderBy: { createdAt: 'desc' } });
  const currentVersion = await labVersion(submission.labId).catch(() => null);
  const [attempt] = effectiveAttempts(rows);
  const mayRegrade = (await db.submission.count({ where: { AND: [{ id: attemptId }, regradableBy(viewer)] } })) === 1;
  const canRegrade = mayRegrade && !!attempt && attempt.status === SubmissionStatus.GRADED && !attempt.regradePending && isOutdated(attempt, currentVersion);
  return {
    regradeOf: submission.kind === SubmissionKind.REGRADE ? submission.regradeOfId : null,
    regrades: rows.filter((r) => r.kind === SubmissionKind.REGRADE).map((r) => ({ id: r.id, status: r.status, score: r.score, maxScore: r.maxScore, labVersion: r.labVersion, createdAt: r.createdAt })),
    currentVersion,
    mayRegrade,
    canRegrade,
  };
}
