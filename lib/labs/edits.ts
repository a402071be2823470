/**
 * A lab's scripted edits applied to a build context (pure: the grader, the cache predictor in the
 * browser and the tests share it). Edits accumulate over the builds of a grade: build N's context is
 * build N-1's with build N's edits applied.
 */
import { generateFiles } from './generate';
import type { BuildDef, Edit } from './schema';

/** Build context files: relative `/`-separated path → content. */
export type ContextFiles = Map<string, string>;

export class EditError extends Error {}

/** The starter files with the submitted files laid over them. */
export function overlay(starter: readonly { path: string; content: string }[], files: Record<string, string>): ContextFiles {
  const out: ContextFiles = new Map(starter.map((f) => [f.path, f.content]));
  for (const [p, c] of Object.entries(files)) out.set(p, c);
  return out;
}

/**
 * Apply a build's edits to a copy of the context. `substitute` rewrites each string an edit writes
 * (the grader puts the grade's nonce and secret in; the predictor a fixed placeholder).
 * Throws EditError when a json-merge target is missing or holds no JSON object.
 */
export function applyEdits(ctx: ReadonlyMap<string, string>, edits: readonly Edit[], substitute: (s: string) => string): ContextFiles {
  const out = new Map(ctx);
  for (const e of edits) {
    if (e.kind === 'generate') for (const [p, c] of generateFiles(e)) out.set(p, c);
    else if (e.kind === 'replace') out.set(e.file, substitute(e.content));
    else if (e.kind === 'append') {
      const before = out.get(e.file) ?? '';
      out.set(e.file, before + (before === '' || before.endsWith('\n') ? '' : '\n') + substitute(e.content));
    } else {
      const text = out.get(e.file);
      if (text === undefined) throw new EditError(`json-merge: ${e.file} does not exist`);
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch {
        throw new EditError(`json-merge: ${e.file} is not valid JSON`);
      }
      if (!isPlainObject(data)) throw new EditError(`json-merge: ${e.file} does not hold a JSON object`);
      out.set(e.file, `${JSON.stringify(deepMerge(data, substituteDeep(e.value, substitute)), null, 2)}\n`);
    }
  }
  return out;
}

/** The context of every build in order (edits accumulate), starting from `initial`. */
export function buildContexts(initial: ReadonlyMap<string, string>, builds: readonly Pick<BuildDef, 'name' | 'edits'>[], substitute: (s: string) => string): ContextFiles[] {
  const out: ContextFiles[] = [];
  let ctx: ReadonlyMap<string, string> = initial;
  for (const b of builds) {
    ctx = applyEdits(ctx, b.edits ?? [], substitute);
    out.push(new Map(ctx));
  }
  return out;
}

/** Every path an edit list writes (the target of replace/append/json-merge, each generated file), in order, once. */
export function editedPaths(edits: readonly Edit[]): string[] {
  const out = new Set<string>();
  for (const e of edits) {
    if (e.kind === 'generate') for (const p of generateFiles(e).keys()) out.add(p);
    else out.add(e.file);
  }
  return [...out];
}

/** A JSON object (not null, not an array). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** JSON deep merge: objects merge key by key, anything else replaces; prototype keys are skipped. */
export function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    if (k === '__proto__' || k === 'constructor' || k === 'prototype') continue;
    const prev = out[k];
    out[k] = isPlainObject(prev) && isPlainObject(v) ? deepMerge(prev, v) : v;
  }
  return out;
}

function substituteDeep(v: unknown, sub: (s: string) => string): Record<string, unknown> {
  return JSON.parse(JSON.stringify(v), (_k, x: unknown) => (typeof x === 'string' ? sub(x) : x)) as Record<string, unknown>;
}
