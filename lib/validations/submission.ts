import { z } from 'zod';
import { isUnderOneOf, relativePathProblem } from '../labs/paths';

// Shared by the submit form (client) and the API route / use case (server). Pure zod, no server imports.

export const MAX_FILE_BYTES = 64 * 1024;
export const MAX_TOTAL_BYTES = 256 * 1024;
export const MAX_FILES = 50;
/** Request body limit for POST /api/labs/[labId]/submissions (JSON overhead on top of the files). */
export const MAX_BODY_BYTES = 300 * 1024;

const encoder = new TextEncoder();
export function utf8Bytes(s: string): number {
  return encoder.encode(s).length;
}

/** A submitted file name: a plain relative POSIX path, no traversal, no absolute paths. */
export const FileNameSchema = z.string().superRefine((name, ctx) => {
  const problem = relativePathProblem(name);
  if (problem) ctx.addIssue({ code: 'custom', message: `File name ${problem}.` });
});

/** The request body shape, without lab-specific rules. */
export const SubmissionBodySchema = z
  .object({
    files: z.record(FileNameSchema, z.string({ error: 'File content must be text.' })),
  })
  .strict();

export type SubmissionBody = z.infer<typeof SubmissionBodySchema>;

function formatKB(bytes: number): string {
  return `${Math.round(bytes / 1024)} KB`;
}

/**
 * The full rules for one lab: only file names from the lab's `submit` list (an entry may be a folder,
 * admitting the files under it), at least one non-empty file, each ≤ 64 KB and all together
 * ≤ 256 KB (UTF-8 bytes), at most MAX_FILES files.
 */
export function submissionSchemaFor(allowedFiles: readonly string[]) {
  const allowed = { has: (name: string) => isUnderOneOf(name, allowedFiles) };
  return SubmissionBodySchema.superRefine((body, ctx) => {
    const names = Object.keys(body.files);
    if (names.length > MAX_FILES) {
      ctx.addIssue({ code: 'custom', path: ['files'], message: `At most ${MAX_FILES} files per submission.` });
    }
    let total = 0;
    for (const name of names) {
      if (!allowed.has(name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['files', name],
          message: `This lab does not accept "${name}". Allowed: ${allowedFiles.join(', ')}.`,
        });
        continue;
      }
      const size = utf8Bytes(body.files[name]);
      total += size;
      if (size > MAX_FILE_BYTES) {
        ctx.addIssue({
          code: 'custom',
          path: ['files', name],
          message: `${name} is ${formatKB(size)}; the limit is ${formatKB(MAX_FILE_BYTES)}.`,
        });
      }
    }
    if (total > MAX_TOTAL_BYTES) {
      ctx.addIssue({
        code: 'custom',
        path: ['files'],
        message: `The files total ${formatKB(total)}; the limit is ${formatKB(MAX_TOTAL_BYTES)}.`,
      });
    }
    const nonEmpty = names.filter((n) => allowed.has(n) && body.files[n].trim() !== '');
    if (nonEmpty.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['files'], message: 'Submit at least one non-empty file.' });
    }
  });
}

/** Field errors keyed by dotted path ("files.Dockerfile", "files", "" for the form). */
export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.');
    (out[key] ??= []).push(issue.message);
  }
  return out;
}
