import { db, SubmissionKind, SubmissionStatus } from '../db';
import { enqueueGrade } from '../queue';
import { fieldErrorsOf, submissionSchemaFor } from '../validations/submission';
import { labWindowsFor } from '../classes/lab-windows';
import { submissionVerdict } from '../classes/late-rule';
import { RateLimitedError, SubmissionValidationError, SubmissionWindowError, TooManyPendingError, UnknownLabError } from './errors';
import { checkRateLimit, lockStudentLab } from './rate-limit';
import { findLab } from './labs';

/** Submissions a user may have waiting (QUEUED or RUNNING) at once: each one is a real Docker build. */
export const MAX_PENDING_PER_USER = 5;

/**
 * Validate, store (QUEUED) and enqueue a submission.
 * Throws UnknownLabError, SubmissionValidationError, SubmissionWindowError (the student's
 * assignments of this lab are not open yet or refuse late work: lib/classes/late-rule.ts),
 * RateLimitedError or TooManyPendingError.
 */
export async function createSubmission(input: {
  userId: string;
  labId: string;
  files: unknown;
}): Promise<{ id: string }> {
  const lab = await findLab(input.labId);
  if (!lab) throw new UnknownLabError(input.labId);

  const parsed = submissionSchemaFor(lab.submit).safeParse({ files: input.files });
  if (!parsed.success) throw new SubmissionValidationError(fieldErrorsOf(parsed.error));
  const files = parsed.data.files;

  const verdict = submissionVerdict((await labWindowsFor(input.userId, lab.id)).get(lab.id) ?? [], new Date());
  if (!verdict.ok) throw new SubmissionWindowError(verdict.message, verdict.reason, verdict.at);

  // Limits and insert under a per student-and-lab lock, so two tabs cannot both pass the checks.
  const submission = await db.$transaction(async (tx) => {
    await lockStudentLab(tx, input.userId, lab.id);
    const limited = await checkRateLimit(tx, input.userId, lab.id);
    if (!limited.ok) throw new RateLimitedError(limited.message, limited.reason, limited.retryAfterSeconds);
    const pending = await tx.submission.count({
      // Regrades (kind REGRADE) are the teacher's, not the student's: they do not fill the cap.
      where: { userId: input.userId, kind: SubmissionKind.ATTEMPT, status: { in: [SubmissionStatus.QUEUED, SubmissionStatus.RUNNING] } },
    });
    if (pending >= MAX_PENDING_PER_USER) throw new TooManyPendingError(MAX_PENDING_PER_USER);
    return tx.submission.create({
      data: { userId: input.userId, labId: lab.id, files, status: SubmissionStatus.QUEUED },
      select: { id: true },
    });
  });

  try {
    const jobId = await enqueueGrade(submission.id);
    if (typeof jobId === 'string' && jobId) {
      await db.submission.updateMany({ where: { id: submission.id, jobId: null }, data: { jobId } });
    }
  } catch (err) {
    // Not the student's fault and not an attempt: record why, so the page does not wait forever.
    await db.submission
      .updateMany({
        where: { id: submission.id, status: SubmissionStatus.QUEUED },
        data: {
          status: SubmissionStatus.FAILED,
          failureReason: 'The grading queue is unavailable; please submit again later.',
          finishedAt: new Date(),
        },
      })
      .catch(() => {});
    throw err;
  }
  return { id: submission.id };
}
