import { SubmissionKind, SubmissionStatus } from '../db';
import type { Prisma } from '../generated/prisma/client';

/** Grades per student and lab per rolling hour (env LAYERLAB_GRADES_PER_HOUR, default 20). */
export function gradesPerHour(): number {
  const v = Number(process.env.LAYERLAB_GRADES_PER_HOUR);
  return Number.isInteger(v) && v > 0 ? v : 20;
}

const HOUR_MS = 60 * 60_000;
/** What the student is told to wait while a grade is in flight (a typical grade takes under a minute). */
export const IN_FLIGHT_RETRY_SECONDS = 30;

export type RateLimitDecision =
  | { ok: true }
  | { ok: false; reason: 'in-flight' | 'hourly'; message: string; retryAfterSeconds: number; limit?: number };

/** Statuses that count: FAILED (an infrastructure failure) never counts, neither here nor as an attempt. */
const COUNTED = [SubmissionStatus.QUEUED, SubmissionStatus.RUNNING, SubmissionStatus.GRADED];

/**
 * Per student and lab: one grade in flight (QUEUED or RUNNING) and at most gradesPerHour() grades in
 * any rolling hour. Call inside the transaction that creates the submission, after lockStudentLab.
 */
export async function checkRateLimit(
  tx: Prisma.TransactionClient,
  userId: string,
  labId: string,
  now = new Date(),
): Promise<RateLimitDecision> {
  const inFlight = await tx.submission.findFirst({
    // A teacher's regrade (kind REGRADE) is not the student's: it never holds the student back.
    where: { userId, labId, kind: SubmissionKind.ATTEMPT, status: { in: [SubmissionStatus.QUEUED, SubmissionStatus.RUNNING] } },
    select: { status: true },
  });
  if (inFlight) {
    return {
      ok: false,
      reason: 'in-flight',
      retryAfterSeconds: IN_FLIGHT_RETRY_SECONDS,
      message: `Your previous submission for this lab is still ${inFlight.status === 'RUNNING' ? 'being graded' : 'waiting to be graded'}. ` +
        'One grade per lab at a time: submit again when it has finished.',
    };
  }
  const limit = gradesPerHour();
  const recent = await tx.submission.findMany({
    where: { userId, labId, kind: SubmissionKind.ATTEMPT, status: { in: COUNTED }, createdAt: { gt: new Date(now.getTime() - HOUR_MS) } },
    select: { createdAt: true },
    orderBy: { createdAt: 'asc' },
  });
  if (recent.length < limit) return { ok: true };
  // A slot frees when the (count - limit + 1)-th oldest leaves the rolling hour.
  const freesAt = recent[recent.length - limit].createdAt.getTime() + HOUR_MS;
  const retryAfterSeconds = Math.max(1, Math.ceil((freesAt - now.getTime()) / 1000));
  return {
    ok: false,
    reason: 'hourly',
    limit,
    retryAfterSeconds,
    message: `You have used all ${limit} grades for this lab in the last hour. ` +
      `The next one is allowed in ${formatWait(retryAfterSeconds)} (at ${new Date(freesAt).toISOString().slice(11, 16)} UTC).`,
  };
}

/** Serialises submissions of one student to one lab (two tabs submitting at once). */
export async function lockStudentLab(tx: Prisma.TransactionClient, userId: string, labId: string): Promise<void> {
  const key = `submit:${userId}:${labId}`;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`;
}

export function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const m = Math.ceil(seconds / 60);
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${m % 60} min`;
}
