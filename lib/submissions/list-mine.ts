import { db } from '../db';
import { progressByUserAndLab, summarizeAttempts, type LabProgress } from './aggregate';

const listSelect = {
  id: true,
  userId: true,
  labId: true,
  status: true,
  score: true,
  maxScore: true,
  progress: true,
  failureReason: true,
  createdAt: true,
  finishedAt: true,
} as const;

/** The user's own submissions, newest first (optionally for one lab). */
export async function listMySubmissions(userId: string, opts: { labId?: string; take?: number } = {}) {
  return db.submission.findMany({
    where: { userId, ...(opts.labId ? { labId: opts.labId } : {}) },
    orderBy: { createdAt: 'desc' },
    select: listSelect,
    take: opts.take ?? 200,
  });
}

export type MySubmissionRow = Awaited<ReturnType<typeof listMySubmissions>>[number];

/** labId → the user's progress on that lab (best score, attempts, latest status). */
export async function myProgressByLab(userId: string): Promise<Map<string, LabProgress>> {
  const rows = await db.submission.findMany({
    // The student's own attempts: a teacher's regrade (kind REGRADE) is not an attempt.
    where: { userId, kind: 'ATTEMPT' },
    select: { id: true, userId: true, labId: true, status: true, score: true, maxScore: true, createdAt: true },
  });
  return progressByUserAndLab(rows).get(userId) ?? new Map();
}

/** The files of the user's latest submission for a lab (to prefill the editor), or null. */
export async function lastSubmittedFiles(userId: string, labId: string): Promise<unknown | null> {
  const last = await db.submission.findFirst({
    where: { userId, labId },
    orderBy: { createdAt: 'desc' },
    select: { files: true },
  });
  return last?.files ?? null;
}

export { summarizeAttempts };
