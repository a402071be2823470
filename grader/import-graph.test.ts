/**
 * The web reads lab definitions without Docker code, and a check kind pulls none either: a static
 * walk of the relative imports (static `import`/`export … from` and dynamic `import('…')`, type-only
 * imports skipped: they vanish when compiled) from each entry point.
 *
 * Only grader/engine/ talks to Docker (issue 10): no other file of grader/, lib/, app/ or scripts/
 * imports dockerode (not even its types: the rest holds the client as engine/client.ts's
 * EngineClient) nor calls the Engine API through a client. Those imports are read with the
 * TypeScript scanner (ts.preProcessFile: every import form, comments ignored).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = process.cwd();
const IMPORT_RE = /(?:^|\n)\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function resolve(from: string, spec: string): string | undefined {
  const base = spec.startsWith('@/') ? path.join(ROOT, spec.slice(2)) : path.resolve(path.dirname(from), spec);
  return [`${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), base].find((f) => existsSync(f) && f.match(/\.tsx?$/));
}

/** Every module reachable from `entry` (one file or several): project files (relative to ROOT) and packages by name. */
export function importGraph(entry: string | readonly string[]): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const todo = [entry].flat().map((e) => path.join(ROOT, e));
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

/** Every .ts/.tsx file under `dir` (relative to ROOT), recursively. */
function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(rel);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [rel] : [];
  });
}

const DOCKER_CLIENT_PACKAGES = ['dockerode', 'docker-modem'];
/** Directories where only grader/engine/ may use the Docker client. */
const SCANNED_DIRS = ['grader', 'lib', 'app', 'scripts'];
const ENGINE_DIR = `grader${path.sep}engine${path.sep}`;

/** The Docker client modules `text` imports in any form (value, `import type`, `import()`, `require`, `import('…').T`). */
export function dockerClientImports(text: string): string[] {
  if (!/docker(ode|-modem)/.test(text)) return []; // most files: no need to scan
  return ts
    .preProcessFile(text, true, true)
    .importedFiles.map((f) => f.fileName)
    .filter((spec) => DOCKER_CLIENT_PACKAGES.includes(spec.split('/')[0]));
}

/** Methods only a dockerode client (or its modem) has: a call of one outside engine/ is Engine API use. */
const ENGINE_API_METHODS = new Set([
  'listContainers', 'listImages', 'listVolumes', 'listNetworks', 'getImage', 'getContainer', 'getVolume',
  'getNetwork', 'buildImage', 'createContainer', 'createImage', 'loadImage', 'importImage', 'searchImages',
  'pruneImages', 'pruneContainers', 'pruneBuilder', 'pruneVolumes', 'getEvents', 'checkAuth', 'ping',
  'followProgress', 'demuxStream', 'modem',
]);

/** `line: expression` for each use of an ENGINE_API_METHODS member in `text` (comments and strings ignored). */
export function engineApiUses(file: string, text: string): string[] {
  // Parse only files that name such a method at all (a parse of every file takes seconds).
  if (![...ENGINE_API_METHODS].some((m) => text.includes(`.${m}`))) return [];
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const uses: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && ENGINE_API_METHODS.has(node.name.text)) {
      uses.push(`${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}: ${node.getText(sf).slice(0, 60)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return uses;
}

describe('only grader/engine/ talks to Docker (issue 10)', () => {
  const files = SCANNED_DIRS.flatMap(sourceFiles);
  const outside = files.filter((f) => !f.startsWith(ENGINE_DIR));

  it('no file outside grader/engine/ imports dockerode or docker-modem, not even a type', () => {
    expect(outside).toContain(path.join('grader', 'worker', 'sweep.ts'));
    expect(outside).toContain(path.join('scripts', 'bench-support.ts'));
    expect(outside).toContain(path.join('app', 'layout.tsx'));
    const offenders = outside.flatMap((f) => dockerClientImports(readFileSync(path.join(ROOT, f), 'utf8')).map((spec) => `${f} imports ${spec}`));
    expect(offenders).toEqual([]);
  });

  it('no non-test file outside grader/engine/ calls the Engine API through a client', () => {
    // Unit tests may hand a fake client to an engine function (grading/prepare.test.ts): not a use.
    const offenders = outside
      .filter((f) => !/\.test\.tsx?$/.test(f))
      .flatMap((f) => engineApiUses(f, readFileSync(path.join(ROOT, f), 'utf8')).map((u) => `${f}:${u}`));
    expect(offenders).toEqual([]);
  }, 60_000); // well under a second alone; the margin is for a busy 2-core CI

  it('sees every import form and every client call, and nothing in comments (a self-check of the scan)', () => {
    const src = [
      `// import Docker from 'dockerode'; docker.listContainers()`,
      `import type Docker from 'dockerode';`,
      `export type { default as EngineClient } from 'dockerode';`,
      `const modem = import('docker-modem/lib/modem');`,
      `const d = require('dockerode');`,
      `type Info = import('dockerode').ContainerInfo;`,
      `await docker.listContainers({ all: true });`,
      `await (d.ping as unknown as () => Promise<void>).call(d);`,
      `const s = 'docker.getImage(x)';`,
    ].join('\n');
    expect(dockerClientImports(src)).toEqual(['dockerode', 'dockerode', 'docker-modem/lib/modem', 'dockerode', 'dockerode']);
    expect(engineApiUses('x.ts', src)).toEqual(['7: docker.listContainers', '8: d.ping']);
    // And the engine itself is seen using the client (the scan reads the real files).
    expect(dockerClientImports(readFileSync(path.join(ROOT, 'grader/engine/daemon.ts'), 'utf8'))).toEqual(['dockerode']);
    expect(engineApiUses('cleanup.ts', readFileSync(path.join(ROOT, 'grader/engine/cleanup.ts'), 'utf8')).length).toBeGreaterThan(0);
  });

  it('the web app reaches neither dockerode nor grader/ through its imports', () => {
    const entries = files.filter((f) => f.startsWith(`app${path.sep}`) && !/\.test\.tsx?$/.test(f));
    expect(entries.length).toBeGreaterThan(20);
    const { files: reached, packages } = importGraph(entries);
    expect(reached).toContain('lib/db/index.ts');
    expect([...reached].filter((f) => f.startsWith('grader/'))).toEqual([]);
    expect([...packages].filter((p) => DOCKER_CLIENT_PACKAGES.includes(p))).toEqual([]);
  }, 60_000);
});

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
