/**
 * Relative paths inside a lab or a submission (pure, shared by the lab schema and the grader).
 * A safe path is POSIX, relative, normalized, and never leaves its root.
 */
export function relativePathProblem(p: string): string | undefined {
  if (typeof p !== 'string' || p === '') return 'is empty';
  if (p.includes('\0')) return 'contains a NUL byte';
  if (p.includes('\\')) return 'contains a backslash (use / as separator)';
  if (p.startsWith('/')) return 'is absolute (it must be relative to the lab folder)';
  if (/^[a-zA-Z]:/.test(p)) return 'is absolute (it must be relative to the lab folder)';
  const segments = p.split('/');
  if (segments.some((s) => s === '..')) return 'contains `..`';
  if (segments.some((s) => s === '' || s === '.')) return 'is not normalized (empty or `.` segment)';
  if (p.length > 255) return 'is longer than 255 characters';
  // Control characters are never needed in a lab file name and make logs and tar headers ambiguous.
  if (/[\u0000-\u001f\u007f]/.test(p)) return 'contains a control character';
  return undefined;
}

export function isSafeRelativePath(p: string): boolean {
  return relativePathProblem(p) === undefined;
}

/** Is `p` one of `roots` or inside one of them (`src` admits `src/app.js`)? */
export function isUnderOneOf(p: string, roots: readonly string[]): boolean {
  return roots.some((r) => p === r || p.startsWith(r.endsWith('/') ? r : `${r}/`));
}
