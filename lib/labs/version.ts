import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { assertLabId, labsRoot, type LoaderOptions } from './loader';

/**
 * Top-level entries of a lab folder that never affect a grade, so editing them does not make a new
 * lab version (and offers no regrade):
 * - `wrong/` and `variants/` are test cases that only `lab:check` and the lab tests grade;
 *   gradeSubmission never reads them;
 * - `task.md` is the text the student reads; the grader never reads it.
 * Everything else counts: lab.yaml, starter/, solution/ and any lab-owned file a check may name
 * (e.g. an image-size `reference.dockerfile`, which may live anywhere in the folder).
 */
export const LAB_VERSION_IGNORED = ['wrong', 'variants', 'task.md'] as const;

/**
 * The version of a lab's grading inputs: sha256 (hex, 64 characters) over the sorted relative POSIX
 * paths and contents of every file under `labs/<id>/`, except LAB_VERSION_IGNORED. Each file is
 * framed as `path NUL byteLength NUL bytes` so no two folders hash alike. A symbolic link
 * contributes its target text (it is never followed). Same files → same version, on any machine.
 * Throws a LabDefinitionError for a malformed id, and the fs error (ENOENT) for a missing lab.
 */
export async function labVersion(labId: string, opts?: LoaderOptions): Promise<string> {
  assertLabId(labId);
  const root = path.join(labsRoot(opts), labId);
  const files = await listFiles(root, '');
  files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const hash = createHash('sha256');
  for (const rel of files) {
    const abs = path.join(root, ...rel.split('/'));
    const st = await fs.lstat(abs);
    const bytes = st.isSymbolicLink() ? Buffer.from(await fs.readlink(abs), 'utf8') : await fs.readFile(abs);
    hash.update(`${rel}\0${bytes.length}\0`);
    hash.update(bytes);
  }
  return hash.digest('hex');
}

/** A short form for pages ("3f2a9c1b0d4e"): the first 12 hex digits. */
export function shortLabVersion(version: string | null | undefined): string {
  return version ? version.slice(0, 12) : 'unknown';
}

async function listFiles(root: string, rel: string): Promise<string[]> {
  const entries = await fs.readdir(rel ? path.join(root, ...rel.split('/')) : root, { withFileTypes: true });
  const out: string[] = [];
  for (const e of entries) {
    const child = rel ? `${rel}/${e.name}` : e.name;
    if (!rel && (LAB_VERSION_IGNORED as readonly string[]).includes(e.name)) continue;
    if (e.isDirectory()) out.push(...(await listFiles(root, child)));
    else if (e.isFile() || e.isSymbolicLink()) out.push(child);
  }
  return out;
}
