import { unstorableTextProblem } from './text';
import { z } from 'zod';
import { relativePathProblem } from '../labs/paths';
import { SUBMISSION_LIMITS } from '../grading/limits';

// Shared by the submit form (client) and the API route / use case (server). Pure zod, no server imports.

// The numbers live with every other limit (lib/grading/limits.ts).
export const MAX_FILE_BYTES = SUBMISSION_LIMITS.fileBytes;
export const MAX_TOTAL_BYTES = SUBMISSION_LIMITS.totalBytes;
export const MAX_FILES = SUBMISSION_LIMITS.files;
/** Request body limit for POST /api/labs/[labId]/submissions (JSON overhead on top of the files). */
export const MAX_BODY_BYTES = SUBMISSION_LIMITS.requestBodyBytes;

const encoder = new TextEncoder();
export function utf8Bytes(s: string): number {
  return encoder.encode(s).length;
}

/** A submitted file name: a plain relative POSIX path, no traversal, no absolute paths. */
export const FileNameSchema = z.string().superRefine((name, ctx) => {
  const problem = relativePathProblem(name);
  if (problem) ctx.addIssue({ code: 'custom', message: `File name ${problem}.` });
});

/**
 * The one rule for submitted file names, shared by the submit form, the API and the grader
 * (grader/context.ts): a name is accepted only if it is EXACTLY one of the lab's `submit` entries, or
 * lies under an entry written as a folder, i.e. ending in `/` (`app/` admits `app/hello.sh`).
 * A file entry never admits paths under it: `Dockerfile/x` would turn the lab's Dockerfile into a
 * folder in the build context. Returns a sentence naming the file and what to submit, or undefined.
 */
export function submittedNameProblem(name: string, submit: readonly string[]): string | undefined {
  const problem = relativePathProblem(name);
  const allowed = submit.join(', ');
  if (problem) return `File name ${JSON.stringify(String(name).replace(/\0/g, '\\0'))} ${problem}: submit only ${allowed}.`;
  if (isSubmittableName(name, submit)) return undefined;
  const asFolder = submit.find((e) => !e.endsWith('/') && name.startsWith(`${e}/`));
  if (asFolder) {
    return `"${name}" puts a file inside "${asFolder}", but "${asFolder}" is a file in this lab, not a folder: submit exactly ${allowed}.`;
  }
  return `This lab does not accept "${name}": submit exactly ${allowed}.`;
}

/** Is `name` one of the `submit` entries, or under a folder entry (one ending in `/`)? */
export function isSubmittableName(name: string, submit: readonly string[]): boolean {
  return submit.some((e) => (e.endsWith('/') ? name.startsWith(e) && name.length > e.length : name === e));
}

/** The request body shape, without lab-specific rules. */
export const SubmissionBodySchema = z
  .object({
    files: z.record(
      FileNameSchema,
      z.string({ error: 'File content must be text.' }).superRefine((text, ctx) => {
        const problem = unstorableTextProblem(text);
        if (problem) ctx.addIssue({ code: 'custom', message: `The file ${problem.message}.` });
      }),
    ),
  })
  .strict();

export type SubmissionBody = z.infer<typeof SubmissionBodySchema>;

function formatKB(bytes: number): string {
  return `${Math.round(bytes / 1024)} KB`;
}

/**
 * The full rules for one lab: only the file names of the lab's `submit` list (submittedNameProblem:
 * exact names; an entry ending in `/` admits the files under it), at least one non-empty file, each
 * ≤ 64 KB and all together ≤ 256 KB (UTF-8 bytes), at most MAX_FILES files.
 */
export function submissionSchemaFor(allowedFiles: readonly string[]) {
  const allowed = { has: (name: string) => isSubmittableName(name, allowedFiles) };
  return SubmissionBodySchema.superRefine((body, ctx) => {
    const names = Object.keys(body.files);
    if (names.length > MAX_FILES) {
      ctx.addIssue({ code: 'custom', path: ['files'], message: `At most ${MAX_FILES} files per submission.` });
    }
    let total = 0;
    for (const name of names) {
      const problem = submittedNameProblem(name, allowedFiles);
      if (problem) {
        ctx.addIssue({ code: 'custom', path: ['files', name], message: problem });
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
