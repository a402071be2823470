import { db, SubmissionStatus } from '../db';
import { labVersion } from '../labs/version';

/**
 * Records on a claimed submission the version of the lab folder its grade runs against
 * (lib/labs/version.ts), while the claim holds (same attempt, RUNNING). Called by the grader
 * worker right after it claims a submission. Never throws: a version that cannot be computed
 * (lab folder gone) is logged and left null; the grade itself then reports the missing lab.
 */
export async function stampLabVersion(
  claim: { submissionId: string; attempt: number; labId: string },
  log: (msg: string) => void = () => {},
): Promise<string | null> {
  try {
    const version = await labVersion(claim.labId);
    await db.submission.updateMany({
      where: { id: claim.submissionId, attempt: claim.attempt, status: SubmissionStatus.RUNNING },
      data: { labVersion: version },
    });
    return version;
  } catch (err) {
    log(`could not record the lab version of ${claim.submissionId}: ${(err as Error).message}`);
    return null;
  }
}
