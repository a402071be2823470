/**
 * The web reads lab definitions without Docker code, and a check kind pulls none either: a static
 * walk of the relative imports (static `import`/`export … from` and dynamic `import('…')`, type-only
 * imports skipped: they vanish when compiled) from each entry point.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = process.cwd();
const IMPORT_RE = /(?:^|\n)\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function resolve(from: string, spec: string): string | undefined {
  const base = spec.startsWith('@/') ? path.join(ROOT, spec.slice(2)) : path.resolve(path.dirname(from), spec);
  return [`${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), base].find((f) => existsSync(f) && f.match(/\.tsx?$/));
}

/** Every module reachable from `entry`: project files (relative to ROOT) and packages by name. */
export function importGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const todo = [path.join(ROOT, entry)];
  while (todo.length) {
    const file = todo.pop()!;
    const rel = path.relative(ROOT, file);
    if (files.has(rel)) continue;
    files.add(rel);
    for (const m of readFileSync(file, 'utf8').matchAll(IMPORT_RE)) {
      if (m[2]) continue; // import type / export type
      const spec = m[3] ?? m[4];
      if (spec.startsWith('.') || spec.startsWith('@/')) {
        const target = resolve(file, spec);
        if (target) todo.push(target);
      } else packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
    }
  }
  return { files, packages };
}

describe('import graph', () => {
  it('the web reads labs without any grader code (lib/labs, lib/submissions/labs.ts)', () => {
    for (const entry of ['lib/labs/index.ts', 'lib/submissions/labs.ts', 'lib/content/lab-catalog.ts']) {
      const g = importGraph(entry);
      expect(g.files.size, entry).toBeGreaterThan(3);
      expect([...g.files].filter((f) => f.startsWith('grader/')), entry).toEqual([]);
      expect([...g.packages].filter((p) => p === 'dockerode' || p === 'docker-modem'), entry).toEqual([]);
    }
  });

  it('no file of lib/ or app/ imports grader/ (the web never talks to Docker; the grader builds on lib/)', () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const e of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
        const rel = path.join(dir, e.name);
        if (e.isDirectory()) walk(rel);
        else if (/\.tsx?$/.test(e.name)) {
          for (const m of readFileSync(path.join(ROOT, rel), 'utf8').matchAll(IMPORT_RE)) {
            const target = resolve(path.join(ROOT, rel), m[3] ?? m[4]);
            if (target && path.relative(ROOT, target).startsWith('grader/')) offenders.push(`${rel} imports ${m[3] ?? m[4]}`);
          }
        }
      }
    };
    walk('lib');
    walk('app');
    expect(offenders).toEqual([]);
  });

  it('check kinds (the registry and each kind file) import no Docker client nor engine code', () => {
    const g = importGraph('grader/checks/registry.ts');
    expect(g.files).toContain('grader/checks/cache.ts');
    expect(g.packages.has('dockerode')).toBe(false);
    // engine/limits.ts is the pure table of limits (no engine access); nothing else of engine/.
    expect([...g.files].filter((f) => f.startsWith('grader/engine/') && f !== 'grader/engine/limits.ts')).toEqual([]);
  });

  it('sees through the import forms it claims to (a self-check of the walk)', () => {
    const g = importGraph('grader/labs.ts');
    expect(g.files).toContain('grader/engine/limits.ts');
    expect(g.packages).toContain('zod');
  });
});
