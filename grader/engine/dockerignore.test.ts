/**
 * .dockerignore as the Docker CLI applies it when it packs the context (grader/engine/context-tar.ts,
 * which follows the classic builder client, lib/dockerfile/dockerignore.ts), checked against the examples of
 * Docker's own documentation ("Dockerfile reference → .dockerignore file").
 */
import { describe, expect, it } from 'vitest';
import tar from 'tar-stream';
import { packContext, selectContextFiles, summarizeContext } from './context-tar';
import { DOCKERIGNORE_CASES, graderSends } from './dockerignore.cases';
import { dockerignoreRefusals, readDockerignore, selectContext } from '../../lib/dockerfile/dockerignore';

function sent(dockerignore: string, paths: string[]): string[] {
  const files = new Map<string, string>([['Dockerfile', 'FROM scratch\n'], ['.dockerignore', dockerignore]]);
  for (const p of paths) files.set(p, p);
  return selectContextFiles(files).keep.filter((p) => p !== 'Dockerfile' && p !== '.dockerignore');
}

describe('.dockerignore as the real client packs it (the table recorded with docker.io 20.10.24)', () => {
  it.each(DOCKERIGNORE_CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(graderSends(c)).toEqual(c.sent);
    expect(readDockerignore(c.dockerignore).notes.map((n) => n.line)).toEqual(c.notes ?? []);
  });

  it('points at a line whose `#` is not a comment', () => {
    const r = readDockerignore('# fine\nnode_modules   # deps\n  # indented\n.env\n');
    expect(r.patterns.map((p) => [p.line, p.pattern])).toEqual([[2, 'node_modules   # deps'], [3, '# indented'], [4, '.env']]);
    expect(r.notes[0].message).toBe('line 2: `node_modules   # deps` — `#` does not start a comment here: the whole line is one pattern, which matches nothing in your context, so `node_modules` is NOT excluded. Put the comment on a line of its own.');
    expect(r.notes[1].message).toMatch(/^line 3: `  # indented` — `#` starts a comment only as the very first character of a line/);
  });

  it('reports the lines the client refuses', () => {
    expect(readDockerignore('logs\n!\n!  \n[ab\n').errors.map((e) => e.line)).toEqual([2, 3, 4]);
    expect(readDockerignore('!\n').errors[0].message).toContain('illegal exclusion pattern');
    expect(dockerignoreRefusals('a\\\n')).toEqual([".dockerignore line 1: `a\\` — it ends in `\\`; Docker's client refuses to build (\"error checking context: syntax error in pattern\")."]);
    expect(dockerignoreRefusals(undefined)).toEqual([]);
    expect(dockerignoreRefusals('node_modules\n')).toEqual([]);
  });

  it('sends folders in the tar as the client does: a folder emptied by .dockerignore is an entry; a skipped one is not', async () => {
    const files = new Map([['Dockerfile', 'FROM x\n'], ['.dockerignore', 'logs/*\nnode_modules\n!node_modules/keep.js\n'], ['logs/a.log', 'x'], ['node_modules/keep.js', 'k'], ['node_modules/b.js', 'b'], ['src/a.js', 'a']]);
    const packed = await packContext(files);
    const names: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const ex = tar.extract();
      ex.on('entry', (h, stream, next) => { names.push(h.name); stream.resume(); stream.on('end', next); });
      ex.on('finish', resolve);
      ex.on('error', reject);
      ex.end(packed.tar);
    });
    expect(names).toEqual(['.dockerignore', 'Dockerfile', 'logs/', 'node_modules/keep.js', 'src/', 'src/a.js']);
    expect(packed.ignored).toEqual(['logs/a.log', 'node_modules/b.js']);
    expect(selectContext(['a/b/c'], 'a').entries).toEqual([]);
  });
});

describe('.dockerignore (Docker\'s documented examples)', () => {
  it('`# comment` is ignored; `*/temp*` excludes temp* in any immediate subdirectory of the root', () => {
    const di = '# comment\n*/temp*\n';
    expect(sent(di, ['somedir/temporary.txt', 'somedir/temp/x', 'temp', 'temporary.txt', 'a/b/temp.txt', '# comment'])).toEqual([
      '# comment', 'a/b/temp.txt', 'temp', 'temporary.txt',
    ]);
  });

  it('`*/*/temp*` excludes temp* two levels below the root', () => {
    expect(sent('*/*/temp*', ['somedir/subdir/temporary.txt', 'somedir/temporary.txt', 'a/b/c/temp'])).toEqual(['a/b/c/temp', 'somedir/temporary.txt']);
  });

  it('`temp?` excludes files and folders in the root named temp + one character', () => {
    expect(sent('temp?', ['tempa', 'tempb', 'tempa/x', 'temp', 'tempab', 'dir/tempa'])).toEqual(['dir/tempa', 'temp', 'tempab']);
  });

  it('`**` matches any number of directories, including zero: `**/*.go`', () => {
    expect(sent('**/*.go', ['main.go', 'a/b/c.go', 'a/b/c.go.txt', 'README.md'])).toEqual(['README.md', 'a/b/c.go.txt']);
  });

  it('`!` makes exceptions: `*.md` + `!README.md` keeps README.md', () => {
    expect(sent('*.md\n!README.md', ['a.md', 'README.md', 'docs/x.md'])).toEqual(['README.md', 'docs/x.md']);
  });

  it('the last matching line wins: `*.md`, `!README*.md`, `README-secret.md`', () => {
    expect(sent('*.md\n!README*.md\nREADME-secret.md', ['a.md', 'README.md', 'README-x.md', 'README-secret.md'])).toEqual(['README-x.md', 'README.md']);
    // …and in the other order every README file is included: the middle line has no effect.
    expect(sent('*.md\nREADME-secret.md\n!README*.md', ['a.md', 'README.md', 'README-secret.md'])).toEqual(['README-secret.md', 'README.md']);
  });

  it('`/foo/bar` and `foo/bar` are the same (leading `/` and `./` are stripped, paths cleaned)', () => {
    for (const di of ['/foo/bar', 'foo/bar', './foo/bar', 'foo/bar/', 'foo/./bar', '  foo/bar  ']) {
      expect(sent(di, ['foo/bar', 'foo/bar/x.txt', 'bar', 'x/foo/bar', 'foo/barx']), di).toEqual(['bar', 'foo/barx', 'x/foo/bar']);
    }
  });

  it('`*` then `!` exceptions: an allow-list', () => {
    expect(sent('*\n!src\n!package.json', ['src/a.js', 'src/b/c.js', 'package.json', 'node_modules/x', '.env'])).toEqual(['package.json', 'src/a.js', 'src/b/c.js']);
  });

  it('an exception can re-include a file inside an excluded folder', () => {
    expect(sent('node_modules\n!node_modules/keep.js', ['node_modules/a.js', 'node_modules/keep.js'])).toEqual(['node_modules/keep.js']);
  });

  it('`*` does not cross `/`: `*.log` excludes root-level logs only', () => {
    expect(sent('*.log', ['app.log', 'logs/app.log'])).toEqual(['logs/app.log']);
    expect(sent('**/*.log', ['app.log', 'logs/app.log'])).toEqual([]);
  });

  it('a folder name excludes the whole folder: node_modules, .git', () => {
    expect(sent('node_modules\n.git\n.env', ['node_modules/.cache/a.js', '.git/HEAD', '.env', '.envrc', 'src/.env'])).toEqual(['.envrc', 'src/.env']);
  });

  it('the Dockerfile and .dockerignore are still sent when excluded (the daemon needs them)', () => {
    const files = new Map([['Dockerfile', 'FROM x'], ['.dockerignore', 'Dockerfile\n.dockerignore\n*'], ['a', '']]);
    expect(selectContextFiles(files)).toEqual({ keep: ['.dockerignore', 'Dockerfile'], ignored: ['a'] });
  });

  it('summarizeContext counts what is sent, with sizes', () => {
    const s = summarizeContext(new Map([['Dockerfile', 'FROM x\n'], ['.dockerignore', 'logs\n'], ['logs/a.log', 'x'.repeat(1000)], ['src/é.js', 'é']]));
    expect(s.files).toBe(3);
    expect(s.bytes).toBe(7 + 5 + 2);
    expect(s.ignored).toEqual(['logs/a.log']);
  });
});
