import { promises as fs } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { LAB_ID_RE, LabSchema, maxScore, type LabDefinition } from './schema';
import { relativePathProblem } from './paths';
import { yamlPositionOf as positionOf } from '../yaml/position';

/**
 * Loads labs from `labs/<id>/` (lab.yaml, task.md, starter/). Pure file I/O + validation: no Docker.
 * Every problem is a LabDefinitionError naming the file, the line and the field.
 */

export interface LabFile {
  path: string;
  content: string;
}

/** What the loader adds to a definition from the lab folder. */
export interface LabFolder {
  /** Absolute path of the lab folder. */
  dir: string;
  /** task.md, shown to the student. */
  taskMarkdown: string;
  /** Files of starter/ (relative POSIX paths), sorted by path. */
  starterFiles: LabFile[];
  maxScore: number;
}

/**
 * A loaded lab. `D` is the definition as a schema reads it: the web's (`LabDefinition`, check options
 * left unread) or the grader's (grader/labs.ts, every check validated by its kind).
 */
export type Lab<D extends LabDefinition = LabDefinition> = D & LabFolder;

/** A lab.yaml schema: the web's `LabSchema` or one with the same shape and stricter checks. */
export type LabDefinitionSchema<D extends LabDefinition = LabDefinition> = z.ZodType<D, unknown>;

export interface LabSummary {
  id: string;
  title: string;
  summary: string;
  lesson?: LabDefinition['lesson'];
  maxScore: number;
}

export interface LabIssue {
  file: string;
  line?: number;
  column?: number;
  /** Dotted field path, e.g. `checks[2].points`; empty for file-level problems. */
  field: string;
  message: string;
}

export class LabDefinitionError extends Error {
  readonly file: string;
  readonly line?: number;
  readonly field: string;
  readonly issues: LabIssue[];
  constructor(issues: LabIssue[]) {
    const first = issues[0];
    const more = issues.length > 1 ? ` (+${issues.length - 1} more: ${issues.slice(1, 4).map(formatIssue).join('; ')})` : '';
    super(`${formatIssue(first)}${more}`);
    this.name = 'LabDefinitionError';
    this.file = first.file;
    this.line = first.line;
    this.field = first.field;
    this.issues = issues;
  }
}

export function formatIssue(i: LabIssue): string {
  const where = i.line !== undefined ? `${i.file}:${i.line}` : i.file;
  return `${where}: ${i.field ? `${i.field}: ` : ''}${i.message}`;
}

export interface LoaderOptions {
  /** Folder holding the labs; default `<cwd>/labs` (every npm script runs from the project root). */
  labsDir?: string;
}

const MAX_STARTER_FILES = 200;
const MAX_STARTER_BYTES = 2 * 1024 * 1024;

export function labsRoot(opts?: LoaderOptions): string {
  return path.resolve(opts?.labsDir ?? process.env.LAYERLAB_LABS_DIR ?? path.join(/*turbopackIgnore: true*/ process.cwd(), 'labs'));
}

/** Throws a LabDefinitionError unless `id` is a well-formed lab id (no path traversal possible). */
export function assertLabId(id: string): void {
  if (typeof id !== 'string' || !LAB_ID_RE.test(id)) {
    throw new LabDefinitionError([{ file: 'labs/', field: 'id', message: `invalid lab id ${JSON.stringify(id)}: must match [a-z0-9-]+` }]);
  }
}

export async function labExists(id: string, opts?: LoaderOptions): Promise<boolean> {
  if (typeof id !== 'string' || !LAB_ID_RE.test(id)) return false;
  try {
    return (await fs.stat(path.join(labsRoot(opts), id, 'lab.yaml'))).isFile();
  } catch {
    return false;
  }
}

export async function listLabs(opts?: LoaderOptions & { onInvalid?: (err: LabDefinitionError) => void }): Promise<LabSummary[]> {
  const root = labsRoot(opts);
  let entries: string[];
  try {
    entries = (await fs.readdir(root, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch {
    return [];
  }
  const out: LabSummary[] = [];
  for (const id of entries.sort()) {
    if (!LAB_ID_RE.test(id)) continue;
    try {
      await fs.access(path.join(root, id, 'lab.yaml'));
    } catch {
      continue;
    }
    try {
      const def = await readDefinition(root, id, LabSchema);
      out.push({ id: def.id, title: def.title, summary: def.summary, lesson: def.lesson, maxScore: maxScore(def) });
    } catch (err) {
      if (!(err instanceof LabDefinitionError)) throw err;
      (opts?.onInvalid ?? ((e) => console.warn(`[labs] skipping invalid lab: ${e.message}`)))(err);
    }
  }
  return out;
}

/** The lab `id` as the web reads it (check options unread: see lib/labs/schema.ts). */
export function loadLab(id: string, opts?: LoaderOptions): Promise<Lab> {
  return loadLabWith(LabSchema, id, opts);
}

/**
 * The lab `id` read with `schema` (the grader passes its strict one). Throws a LabDefinitionError
 * naming the file, line and field of every problem.
 */
export async function loadLabWith<D extends LabDefinition>(schema: LabDefinitionSchema<D>, id: string, opts?: LoaderOptions): Promise<Lab<D>> {
  assertLabId(id);
  const root = labsRoot(opts);
  const dir = path.join(root, id);
  const def = await readDefinition(root, id, schema);
  const rel = (f: string) => path.posix.join('labs', id, f);

  let taskMarkdown: string;
  try {
    taskMarkdown = await fs.readFile(path.join(dir, 'task.md'), 'utf8');
  } catch {
    throw new LabDefinitionError([{ file: rel('task.md'), field: '', message: 'missing task.md' }]);
  }
  const starterFiles = await readTree(path.join(dir, 'starter'), rel('starter'));

  // Edits must target files that exist by then (json-merge needs a JSON object to merge into).
  const issues: LabIssue[] = [];
  const present = new Set(starterFiles.map((f) => f.path));
  def.builds.forEach((b, bi) =>
    b.edits.forEach((e, ei) => {
      if (e.kind === 'json-merge' && !present.has(e.file)) {
        issues.push({ file: rel('lab.yaml'), field: `builds[${bi}].edits[${ei}].file`, message: `\`${e.file}\` is not a starter file` });
      }
      if (e.kind !== 'generate') present.add(e.file);
    }),
  );
  if (issues.length) throw new LabDefinitionError(withLines(issues, await fs.readFile(path.join(dir, 'lab.yaml'), 'utf8')));

  return { ...def, dir, taskMarkdown, starterFiles, maxScore: maxScore(def) };
}

/** Parse + validate lab.yaml text (exported for tests and editors). `file` is used in messages. */
export function parseLabYaml<D extends LabDefinition = LabDefinition>(text: string, file: string, expectedId?: string, schema: LabDefinitionSchema<D> = LabSchema as LabDefinitionSchema<D>): D {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  if (doc.errors.length) {
    throw new LabDefinitionError(
      doc.errors.map((e) => {
        const pos = e.linePos?.[0];
        return { file, line: pos?.line, column: pos?.col, field: '', message: `YAML: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}` };
      }),
    );
  }
  const data: unknown = doc.toJS();
  const parsed = schema.safeParse(data);
  const issues: LabIssue[] = [];
  if (!parsed.success) {
    for (const issue of flattenIssues(parsed.error.issues)) {
      const fieldPath = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
      let keyPath = fieldPath;
      let message = issue.message;
      if (issue.code === 'unrecognized_keys') {
        // Point at the first unknown key itself.
        keyPath = [...fieldPath, issue.keys[0]];
        message = `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `\`${k}\``).join(', ')}`;
      }
      const pos = positionOf(doc, lineCounter, keyPath);
      issues.push({ file, line: pos?.line, column: pos?.col, field: formatPath(keyPath), message });
    }
    throw new LabDefinitionError(issues);
  }
  if (expectedId !== undefined && parsed.data.id !== expectedId) {
    const pos = positionOf(doc, lineCounter, ['id']);
    throw new LabDefinitionError([
      { file, line: pos?.line, column: pos?.col, field: 'id', message: `\`${parsed.data.id}\` must equal the folder name \`${expectedId}\`` },
    ]);
  }
  return parsed.data;
}

async function readDefinition<D extends LabDefinition>(root: string, id: string, schema: LabDefinitionSchema<D>): Promise<D> {
  const file = path.posix.join('labs', id, 'lab.yaml');
  let text: string;
  try {
    text = await fs.readFile(path.join(root, id, 'lab.yaml'), 'utf8');
  } catch {
    throw new LabDefinitionError([{ file, field: '', message: 'missing lab.yaml' }]);
  }
  return parseLabYaml(text, file, id, schema);
}

async function readTree(abs: string, relRoot: string): Promise<LabFile[]> {
  const out: LabFile[] = [];
  let total = 0;
  const walk = async (dirAbs: string, prefix: string): Promise<void> => {
    let entries;
    try {
      entries = await fs.readdir(dirAbs, { withFileTypes: true });
    } catch {
      if (prefix === '') throw new LabDefinitionError([{ file: relRoot, field: '', message: 'missing starter/ folder' }]);
      throw new LabDefinitionError([{ file: path.posix.join(relRoot, prefix), field: '', message: 'unreadable folder' }]);
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const relPath = prefix ? `${prefix}/${e.name}` : e.name;
      const problem = relativePathProblem(relPath);
      if (problem) throw new LabDefinitionError([{ file: path.posix.join(relRoot, relPath), field: '', message: `file name ${problem}` }]);
      if (e.isSymbolicLink()) throw new LabDefinitionError([{ file: path.posix.join(relRoot, relPath), field: '', message: 'symlinks are not allowed in starter/' }]);
      if (e.isDirectory()) await walk(path.join(dirAbs, e.name), relPath);
      else if (e.isFile()) {
        const content = await fs.readFile(path.join(dirAbs, e.name), 'utf8');
        total += Buffer.byteLength(content);
        out.push({ path: relPath, content });
        if (out.length > MAX_STARTER_FILES || total > MAX_STARTER_BYTES) {
          throw new LabDefinitionError([{ file: relRoot, field: '', message: `starter/ is too large (max ${MAX_STARTER_FILES} files, ${MAX_STARTER_BYTES} bytes)` }]);
        }
      }
    }
  };
  await walk(abs, '');
  return out;
}

/** Unions report their members' issues nested; surface the innermost ones. */
function flattenIssues(issues: z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  const out: z.core.$ZodIssue[] = [];
  for (const i of issues) {
    if (i.code === 'invalid_union' && i.errors.length > 0) {
      // Pick the member whose issues go deepest (the best match).
      const best = [...i.errors].sort((a, b) => b.length - a.length)[0];
      out.push(...flattenIssues(best.map((x) => ({ ...x, path: [...i.path, ...x.path] }) as z.core.$ZodIssue)));
    } else out.push(i);
  }
  return out;
}

export function formatPath(p: readonly PropertyKey[]): string {
  let s = '';
  for (const seg of p) {
    if (typeof seg === 'number') s += `[${seg}]`;
    else s += s ? `.${String(seg)}` : String(seg);
  }
  return s;
}

export { yamlPositionOf as positionOf } from '../yaml/position';

function withLines(issues: LabIssue[], text: string): LabIssue[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  return issues.map((i) => {
    const segs = i.field.split(/\.|\[(\d+)\]/).filter((s) => s !== undefined && s !== '').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    const pos = positionOf(doc, lineCounter, segs);
    return { ...i, line: pos?.line, column: pos?.col };
  });
}
