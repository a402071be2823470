/**
 * The build context of a grade (pure): starter files overlaid with the submission, the lab's edits
 * applied build after build, and the per-grade nonce stamped into every grader-owned file.
 */
import type { Edit } from '../lib/labs/schema';
import { isUnderOneOf, relativePathProblem } from '../lib/labs/paths';
import { submittedNameProblem } from '../lib/validations/submission';
import { applyEdits as applyLabEdits, deepMerge, EditError, isPlainObject, overlay, type ContextFiles } from '../lib/labs/edits';
import { substituteSecret } from './secret';
import { DEFAULT_SANDBOX_LIMITS, SUBMISSION_LIMITS } from '../lib/grading/limits';

export type { ContextFiles };

export const LIMITS = {
  /** Submitted files (all together). */
  maxSubmittedFiles: SUBMISSION_LIMITS.files,
  maxSubmittedBytes: SUBMISSION_LIMITS.totalBytes,
  maxDockerfileBytes: SUBMISSION_LIMITS.fileBytes,
  /** Build context sent to the engine (defaults of engine/limits.ts; a grade may lower them). */
  maxContextFiles: DEFAULT_SANDBOX_LIMITS.maxContextFiles,
  maxContextBytes: DEFAULT_SANDBOX_LIMITS.maxContextBytes,
} as const;

/** Files that belong to the student and are never stamped. */
const NEVER_STAMPED = new Set(['Dockerfile', '.dockerignore', 'Containerfile']);

/**
 * Problems with the submitted file names/sizes, as feedback sentences (empty when fine).
 * Names follow the one rule the web app uses too (lib/validations/submission.ts
 * `submittedNameProblem`): exactly the lab's `submit` entries, or files under an entry ending in `/`;
 * no `..`, absolute paths or NUL bytes. `allowAnyPath` (trusted callers: CLI, lab:check) lifts only
 * the `submit` restriction; even then a file may not sit "inside" another submitted file or a file
 * entry of `submit` (`Dockerfile` and `Dockerfile/x`): the build context cannot hold both.
 */
export function submissionProblems(files: Record<string, string>, submit: readonly string[], allowAnyPath = false): string[] {
  const problems: string[] = [];
  const names = Object.keys(files);
  if (names.length > LIMITS.maxSubmittedFiles) problems.push(`Too many files submitted (${names.length}; at most ${LIMITS.maxSubmittedFiles}).`);
  let total = 0;
  const fileNames = new Set([...names, ...submit.filter((e) => !e.endsWith('/'))]);
  for (const name of names) {
    const problem = relativePathProblem(name);
    if (problem || !allowAnyPath) {
      const nameProblem = submittedNameProblem(name, submit);
      if (nameProblem) {
        problems.push(nameProblem);
        continue;
      }
    }
    const parent = parentsOf(name).find((p) => fileNames.has(p));
    if (parent !== undefined) {
      problems.push(`"${name}" puts a file inside "${parent}", which is a file, not a folder.`);
      continue;
    }
    const content = files[name];
    if (typeof content !== 'string') {
      problems.push(`\`${name}\` must be text.`);
      continue;
    }
    const bytes = Buffer.byteLength(content);
    total += bytes;
    if (name === 'Dockerfile' && bytes > LIMITS.maxDockerfileBytes) problems.push(`The Dockerfile is too large (${bytes} bytes; at most ${LIMITS.maxDockerfileBytes}).`);
  }
  if (total > LIMITS.maxSubmittedBytes) problems.push(`The submission is too large (${total} bytes; at most ${LIMITS.maxSubmittedBytes}).`);
  return problems;
}

/** `a/b/c` → [`a`, `a/b`]. */
function parentsOf(p: string): string[] {
  const parts = p.split('/');
  return parts.slice(1).map((_, i) => parts.slice(0, i + 1).join('/'));
}

export { overlay, deepMerge, EditError };

/**
 * Apply a build's edits to a copy of the context (lib/labs/edits.ts): `{{nonce}}` in what they
 * write becomes the grade's nonce, and the lab's secret placeholder this grade's secret.
 */
export function applyEdits(ctx: ContextFiles, edits: readonly Edit[], nonce: string): ContextFiles {
  return applyLabEdits(ctx, edits, (s) => substituteSecret(s.replace(/\{\{\s*nonce\s*\}\}/g, nonce), nonce));
}

/* ------------------------------------------------------------------------------------------------
 * Per-grade isolation: the nonce stamp.
 *
 * Grades running on one engine share its build cache (docs/notes: "Grades that share one engine share
 * its build cache"). If two grades sent identical files, a layer built by one would be a cache hit for
 * the other and could turn a step that must be rebuilt (the install after the dependency edit) into a
 * hit, falsifying a cache check. So each grade must be unique FROM ITS FIRST COPY ON.
 *
 * The student decides what the first COPY takes (`COPY package*.json ./`, `COPY src/utils.js .`,
 * `COPY . .`), so a separate marker file such as `.layerlab-grade` would not work: copying specific
 * files avoids it. Instead the grader writes the nonce INTO EVERY FILE IT OWNS (starter files and the
 * files its edits produce), as a comment in the file's own syntax (`// …` for JS, a `"//layerlab-grade"`
 * key for JSON objects, `# …` for shell/YAML/Python, `<!-- … -->` for Markdown/HTML). Whatever the
 * student copies first therefore differs from every other grade, in every build of the grade.
 * Stamping happens when the tar is packed (edits see the clean files); it is the same within a grade,
 * so the grade's own builds still share their layers.
 *
 * Not stamped: the student's Dockerfile/.dockerignore (never edited by the grader, so a layer that
 * copies only them has the same cache state in every build of the grade), files listed in the lab's
 * `unstamped`, and files whose syntax has no safe comment form (no known extension, or JSON that is
 * not an object).
 *
 * The stamp cannot make the steps BEFORE the first COPY unique (FROM, WORKDIR, ENV, a RUN that reads
 * no context file): their cache key is only (parent image, instruction). Concurrent grades would fork
 * that shared prefix, and since the builder reuses the newest matching layer, a grade could lose the
 * path to its own cached install. grade.ts therefore also gives every grade its own copy of each
 * base image (one LABEL layer, tagged per grade) and points the FROM lines at it: with a unique root,
 * every layer of the grade is unique. The stamp stays as a second, independent guard.
 * ---------------------------------------------------------------------------------------------- */

export const STAMP_MARK = 'layerlab-grade';

type Stamper = (content: string, nonce: string) => string | undefined;

const lineComment = (prefix: string, suffix = ''): Stamper => (content, nonce) =>
  `${content}${content === '' || content.endsWith('\n') ? '' : '\n'}${prefix} ${STAMP_MARK} ${nonce}${suffix}\n`;

const jsonStamper: Stamper = (content, nonce) => {
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch {
    return undefined;
  }
  if (!isPlainObject(data)) return undefined;
  return `${JSON.stringify({ ...data, [`//${STAMP_MARK}`]: nonce }, null, 2)}\n`;
};

const STAMPERS: Record<string, Stamper> = {
  js: lineComment('//'), cjs: lineComment('//'), mjs: lineComment('//'), ts: lineComment('//'),
  jsx: lineComment('//'), tsx: lineComment('//'), go: lineComment('//'), rs: lineComment('//'),
  java: lineComment('//'), c: lineComment('//'), h: lineComment('//'), cpp: lineComment('//'),
  css: lineComment('/*', ' */'),
  json: jsonStamper,
  sh: lineComment('#'), bash: lineComment('#'), py: lineComment('#'), rb: lineComment('#'),
  yaml: lineComment('#'), yml: lineComment('#'), toml: lineComment('#'), conf: lineComment('#'),
  ini: lineComment(';'), txt: lineComment('#'), env: lineComment('#'),
  md: lineComment('<!--', ' -->'), html: lineComment('<!--', ' -->'),
};

export function stampContent(filePath: string, content: string, nonce: string): string | undefined {
  const base = filePath.split('/').pop() ?? filePath;
  if (NEVER_STAMPED.has(base) && filePath === base) return undefined;
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const stamper = STAMPERS[base.slice(dot + 1).toLowerCase()];
  return stamper ? stamper(content, nonce) : undefined;
}

/** The context as packed for the engine: every stampable file carries the nonce. */
export function stampContext(ctx: ContextFiles, nonce: string, unstamped: readonly string[] = []): { files: ContextFiles; stamped: string[] } {
  const out: ContextFiles = new Map();
  const stamped: string[] = [];
  for (const [p, c] of ctx) {
    const s = isUnderOneOf(p, unstamped) ? undefined : stampContent(p, c, nonce);
    if (s === undefined) out.set(p, c);
    else {
      out.set(p, s);
      stamped.push(p);
    }
  }
  return { files: out, stamped };
}

/** Paths whose content differs between two contexts (added, removed or changed). */
export function changedPaths(before: ContextFiles, after: ContextFiles): string[] {
  const out = new Set<string>();
  for (const [p, c] of after) if (before.get(p) !== c) out.add(p);
  for (const p of before.keys()) if (!after.has(p)) out.add(p);
  return [...out].sort();
}
