import { describe, expect, it } from 'vitest';
import { editedPaths } from '../lib/labs/edits';
import { applyEdits, changedPaths, deepMerge, overlay, stampContent, stampContext, submissionProblems } from './context';

describe('submissionProblems', () => {
  const submit = ['Dockerfile', 'extra/'];
  it('accepts exactly the lab\'s submit names, and paths under a folder entry (ending in /)', () => {
    expect(submissionProblems({ Dockerfile: 'FROM x', 'extra/a.txt': '' }, submit)).toEqual([]);
  });
  it('never takes a file entry as a folder: `Dockerfile/x` is refused, naming both', () => {
    expect(submissionProblems({ 'Dockerfile/x': 'FROM x' }, submit)).toEqual([
      '"Dockerfile/x" puts a file inside "Dockerfile", but "Dockerfile" is a file in this lab, not a folder: submit exactly Dockerfile, extra/.',
    ]);
    for (const name of ['Dockerfile/', 'extra', 'extra/', 'Dockerfile.bak', 'dockerfile']) {
      expect(submissionProblems({ [name]: 'x' }, submit), name).toHaveLength(1);
    }
  });
  it('refuses a file inside another file for trusted callers too (the context cannot hold both)', () => {
    expect(submissionProblems({ Dockerfile: 'FROM x', 'Dockerfile/x': 'y' }, submit, true)).toEqual(['"Dockerfile/x" puts a file inside "Dockerfile", which is a file, not a folder.']);
    expect(submissionProblems({ 'src/app.js': 'x', 'src/app.js/y': 'x' }, submit, true)).toHaveLength(1);
    expect(submissionProblems({ 'src/app.js': 'x', 'src/b.js': 'x' }, submit, true)).toEqual([]);
  });
  it('rejects traversal, absolute paths, NUL, backslashes and names outside submit', () => {
    for (const name of ['../x', '/etc/passwd', 'a/../../b', 'Docker\0file', '..\\x', './Dockerfile', 'src/app.js', 'Dockerfile2']) {
      expect(submissionProblems({ [name]: 'x' }, submit), name).toHaveLength(1);
    }
  });
  it('lets trusted callers overlay any safe path, never an unsafe one', () => {
    expect(submissionProblems({ 'src/app.js': 'x' }, submit, true)).toEqual([]);
    expect(submissionProblems({ '../x': 'x' }, submit, true)).toHaveLength(1);
  });
  it('caps sizes', () => {
    expect(submissionProblems({ Dockerfile: 'x'.repeat(70 * 1024) }, submit)[0]).toMatch(/Dockerfile is too large/);
  });
});

describe('edits', () => {
  const starter = [{ path: 'package.json', content: '{"name":"a","dependencies":{"x":"1"}}' }, { path: 'src/app.js', content: 'a' }];
  it('overlay replaces starter files', () => {
    expect([...overlay(starter, { 'src/app.js': 'b', Dockerfile: 'FROM x' })]).toEqual([
      ['package.json', starter[0].content], ['src/app.js', 'b'], ['Dockerfile', 'FROM x'],
    ]);
  });
  it('replace / append / json-merge, with {{nonce}}', () => {
    const ctx = overlay(starter, {});
    const out = applyEdits(ctx, [
      { kind: 'replace', file: 'src/app.js', content: 'v2 {{nonce}}' },
      { kind: 'append', file: 'src/app.js', content: 'more' },
      { kind: 'json-merge', file: 'package.json', value: { dependencies: { dayjs: '^1' } } },
    ], 'n0nce');
    expect(out.get('src/app.js')).toBe('v2 n0nce\nmore');
    expect(JSON.parse(out.get('package.json')!)).toEqual({ name: 'a', dependencies: { x: '1', dayjs: '^1' } });
    expect(ctx.get('src/app.js')).toBe('a'); // input untouched
    expect(changedPaths(ctx, out)).toEqual(['package.json', 'src/app.js']);
  });
  it('editedPaths lists every path an edit list writes, once, generated files included', () => {
    expect(editedPaths([
      { kind: 'replace', file: 'npm-debug.log', content: 'x' },
      { kind: 'generate', dir: 'logs', count: 2, bytes: 10, name: 'app-{n}.log' },
      { kind: 'append', file: 'npm-debug.log', content: 'y' },
      { kind: 'json-merge', file: 'package.json', value: {} },
    ])).toEqual(['npm-debug.log', 'logs/app-1.log', 'logs/app-2.log', 'package.json']);
  });
  it('deepMerge ignores prototype keys', () => {
    const merged = deepMerge({}, JSON.parse('{"__proto__":{"polluted":1},"a":1}') as Record<string, unknown>);
    expect(merged).toEqual({ a: 1 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('per-grade stamp', () => {
  it('stamps every grader-owned file in its own comment syntax', () => {
    expect(stampContent('src/app.js', 'x', 'abc')).toBe('x\n// layerlab-grade abc\n');
    expect(JSON.parse(stampContent('package.json', '{"name":"a"}', 'abc')!)).toEqual({ name: 'a', '//layerlab-grade': 'abc' });
    expect(stampContent('run.sh', 'echo\n', 'abc')).toBe('echo\n# layerlab-grade abc\n');
    expect(stampContent('README.md', '# hi', 'abc')).toBe('# hi\n<!-- layerlab-grade abc -->\n');
  });
  it('never stamps the student\'s Dockerfile/.dockerignore, unknown or non-object JSON files', () => {
    expect(stampContent('Dockerfile', 'FROM x', 'abc')).toBeUndefined();
    expect(stampContent('.dockerignore', 'node_modules', 'abc')).toBeUndefined();
    expect(stampContent('LICENSE', 'MIT', 'abc')).toBeUndefined();
    expect(stampContent('list.json', '[1]', 'abc')).toBeUndefined();
  });
  it('makes two grades differ in every stampable file, and respects `unstamped`', () => {
    const ctx = overlay([{ path: 'package.json', content: '{}' }, { path: 'src/a.js', content: '' }, { path: 'keep.txt', content: 'k' }], { Dockerfile: 'FROM x' });
    const a = stampContext(ctx, 'aaaa', ['keep.txt']);
    const b = stampContext(ctx, 'bbbb', ['keep.txt']);
    expect(a.stamped.sort()).toEqual(['package.json', 'src/a.js']);
    for (const p of a.stamped) expect(a.files.get(p)).not.toBe(b.files.get(p));
    expect(a.files.get('keep.txt')).toBe('k');
    expect(a.files.get('Dockerfile')).toBe('FROM x');
  });
});
