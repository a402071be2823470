/**
 * No function of the grader (nor of the Dockerfile parser it shares with the web) is longer than
 * MAX_LINES lines (issue 10): a function that long does several things, and each deserves a name
 * and a docstring. Measured with the TypeScript compiler's own parser (syntax only, no type
 * checking, so the whole walk takes well under a second), from the line of a function's first
 * token (its docstring not counted) to the line of its closing brace, both included.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = process.cwd();
/** The limit of issue 10 ("no function in grader/ is longer than about 80 lines"). */
const MAX_LINES = 80;
/** Directories whose non-test .ts files are held to the limit. */
const DIRS = ['grader', 'lib/dockerfile'];

export interface LongFunction {
  /** Relative to the project root. */
  file: string;
  /** 1-based line of the function's first token. */
  line: number;
  name: string;
  lines: number;
}

/** Every non-test .ts file under `dir` (relative to ROOT), recursively. */
function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(rel);
    return /\.ts$/.test(e.name) && !/\.(test|spec)\.ts$/.test(e.name) && !e.name.endsWith('.d.ts') ? [rel] : [];
  });
}

/** The text of a property or binding name (`foo`, `'foo'`, `[computed]`). */
function nameText(name: ts.PropertyName | ts.BindingName, sf: ts.SourceFile): string {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isPrivateIdentifier(name) ? name.text : name.getText(sf);
}

/** The name a reader would search for: `fn`, `Class.method`, `Class.constructor`, `const x = () =>` → `x`. */
function functionName(node: ts.SignatureDeclaration, sf: ts.SourceFile): string {
  const owner = ts.isClassLike(node.parent) && node.parent.name ? `${node.parent.name.text}.` : '';
  if (ts.isConstructorDeclaration(node)) return `${owner}constructor`;
  if (node.name) {
    const prefix = ts.isGetAccessor(node) ? 'get ' : ts.isSetAccessor(node) ? 'set ' : '';
    return `${prefix}${owner}${nameText(node.name, sf)}`;
  }
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) {
    return nameText(parent.name, sf);
  }
  if (ts.isCallExpression(parent)) return `<callback of ${parent.expression.getText(sf).slice(0, 40)}>`;
  return '<anonymous>';
}

/** Function-like nodes of one file longer than `max` lines. */
export function longFunctions(file: string, text: string, max = MAX_LINES): LongFunction[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: LongFunction[] = [];
  const visit = (node: ts.Node): void => {
    if (
      (ts.isFunctionDeclaration(node) ||
        ts.isMethodDeclaration(node) ||
        ts.isArrowFunction(node) ||
        ts.isFunctionExpression(node) ||
        ts.isConstructorDeclaration(node) ||
        ts.isGetAccessor(node) ||
        ts.isSetAccessor(node)) &&
      node.body // an overload signature has no body and no length
    ) {
      const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
      const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = end - start + 1;
      if (lines > max) out.push({ file, line: start + 1, name: functionName(node, sf), lines });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

describe(`functions of ${DIRS.join(' and ')} (issue 10)`, () => {
  it(`are at most ${MAX_LINES} lines long`, () => {
    const files = DIRS.flatMap(sourceFiles);
    // The walk must actually see the code it polices (a wrong root would pass vacuously).
    expect(files).toContain(path.join('lib', 'dockerfile', 'parse.ts'));
    expect(files).toContain(path.join('grader', 'grade.ts'));
    expect(files.some((f) => f.endsWith('.test.ts'))).toBe(false);
    const long = files.flatMap((f) => longFunctions(f, readFileSync(path.join(ROOT, f), 'utf8')));
    expect(long.map((l) => `${l.file}:${l.line} ${l.name} (${l.lines} lines)`)).toEqual([]);
  }, 60_000); // about a second alone; the margin is for a busy 2-core CI running other files at once

  it('measures every kind of function, from its first token to its closing brace', () => {
    const body = (n: number) => Array.from({ length: n }, (_, i) => `  x${i}();`).join('\n');
    const src = [
      `/** A docstring is not counted. */`,
      `export function declared() {\n${body(3)}\n}`, // 5 lines, at line 2
      `class Box {`,
      `  constructor() {\n${body(3)}\n  }`,
      `  get size() {\n${body(3)}\n  }`,
      `  method() {\n${body(3)}\n  }`,
      `  short() { return 1; }`,
      `}`,
      `const arrow = () => {\n${body(3)}\n};`,
      `const expr = function () {\n${body(3)}\n};`,
      `run(() => {\n${body(3)}\n});`,
      `function overload(a: string): void;`,
    ].join('\n');
    const found = longFunctions('x.ts', src, 4).map((l) => `${l.line} ${l.name} (${l.lines})`);
    expect(found).toEqual([
      '2 declared (5)',
      '8 Box.constructor (5)',
      '13 get Box.size (5)',
      '18 Box.method (5)',
      '25 arrow (5)',
      '30 expr (5)',
      '35 <callback of run> (5)',
    ]);
    expect(longFunctions('x.ts', src, 5)).toEqual([]);
  });
});
