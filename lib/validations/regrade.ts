import { z } from 'zod';
import { LAB_ID_RE } from '../labs/schema';

/** A database id in a URL (cuid or similar): 1–100 characters of letters, digits, - and _. */
export const IdParam = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'is not a valid id');

/** POST /api/teacher/submissions/[id]/regrade — path parameters. */
export const RegradeSubmissionParams = z.object({ id: IdParam });

/** POST /api/teacher/classes/[id]/labs/[labId]/regrade — path parameters. */
export const RegradeLabParams = z.object({ id: IdParam, labId: z.string().regex(LAB_ID_RE, 'is not a valid lab id') });

/**
 * The body of both regrade routes: an empty JSON object (JSON is required so that a cross-site
 * HTML form, which cannot send application/json, never reaches the handler; see refuseCrossSite).
 */
export const RegradeBody = z.object({}).strict();

/** "field: message; field: message" for a 400 answer. */
export function issuesText(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
}
