import { describe, expect, it } from 'vitest';
import { describeMiss, pathMatch, predictBuilds, type BuildPrediction } from './predict';

const starter = new Map([
  ['package.json', '{"name":"app","dependencies":{"express":"4"}}'],
  ['src/app.js', 'console.log(1)'],
  ['README.md', 'hello'],
]);
const edit = (files: Map<string, string>, path: string, content: string) => new Map([...files, [path, content]]);
const fates = (b: BuildPrediction) => b.steps.map((s) => `${s.keyword}:${s.fate}`);

const GOOD = 'FROM layerlab/node:18\nWORKDIR /app\nCOPY package*.json ./\nRUN npm install\nCOPY src ./src\nCMD ["node","src/app.js"]\n';
const BAD = 'FROM layerlab/node:18\nWORKDIR /app\nCOPY . .\nRUN npm install\nCMD ["node","src/app.js"]\n';

function grade(dockerfile: string, ...contexts: Map<string, string>[]) {
  return predictBuilds(contexts.map((files, i) => ({ name: `b${i}`, dockerfile, files: new Map([...files, ['Dockerfile', dockerfile]]) })));
}

describe('predictBuilds (classic builder cache rules)', () => {
  it('runs every step of the first build, and says so once', () => {
    const [first] = grade(GOOD, starter);
    expect(fates(first)).toEqual(['FROM:cached', 'WORKDIR:rebuilt', 'COPY:rebuilt', 'RUN:rebuilt', 'COPY:rebuilt', 'CMD:rebuilt']);
    expect(first.firstRebuilt?.n).toBe(2);
    expect(first.firstRebuilt?.reason).toEqual({ kind: 'first-build' });
    expect(first.steps[3].reason).toEqual({ kind: 'parent', n: 2 });
  });

  it('keeps npm install cached when only the source changes, if package files are copied first', () => {
    const [, second] = grade(GOOD, starter, edit(starter, 'src/app.js', 'console.log(2)'));
    expect(fates(second)).toEqual(['FROM:cached', 'WORKDIR:cached', 'COPY:cached', 'RUN:cached', 'COPY:rebuilt', 'CMD:rebuilt']);
    expect(second.firstRebuilt).toMatchObject({ n: 5, reason: { kind: 'files', changed: ['src/app.js'] } });
    expect(describeMiss(second.firstRebuilt?.reason)).toBe('copied files changed: src/app.js');
  });

  it('runs npm install again when COPY . . comes first, naming the changed file', () => {
    const [, second] = grade(BAD, starter, edit(starter, 'src/app.js', 'console.log(2)'));
    expect(fates(second)).toEqual(['FROM:cached', 'WORKDIR:cached', 'COPY:rebuilt', 'RUN:rebuilt', 'CMD:rebuilt']);
    expect(second.firstRebuilt).toMatchObject({ n: 3, reason: { kind: 'files', changed: ['src/app.js'] } });
  });

  it('explains a miss against the most recent earlier build from the same parent, not the first', () => {
    // The cache-order lab's builds: initial, source-edit, dep-edit (edits accumulate). With COPY . .
    // first, dep-edit misses at the COPY; against source-edit only package.json changed — the
    // initial build also differs in src/app.js, but that edit is one build old.
    const sourceEdit = edit(starter, 'src/app.js', 'console.log(2)');
    const depEdit = edit(sourceEdit, 'package.json', '{"name":"app","dependencies":{"express":"4","dayjs":"1"}}');
    const [, , third] = grade(BAD, starter, sourceEdit, depEdit);
    expect(fates(third)).toEqual(['FROM:cached', 'WORKDIR:cached', 'COPY:rebuilt', 'RUN:rebuilt', 'CMD:rebuilt']);
    expect(third.firstRebuilt).toMatchObject({ n: 3, reason: { kind: 'files', changed: ['package.json'] } });
    expect(describeMiss(third.firstRebuilt?.reason)).toBe('copied files changed: package.json');
  });

  it('ignores a file that .dockerignore leaves out of the context', () => {
    const withIgnore = edit(starter, '.dockerignore', 'README.md\n');
    const [, second] = grade(BAD, withIgnore, edit(withIgnore, 'README.md', 'changed'));
    expect(second.steps.every((s) => s.fate === 'cached')).toBe(true);
    expect(second.firstRebuilt).toBeUndefined();
    // Without the .dockerignore the same edit reaches COPY . .
    const [, again] = grade(BAD, starter, edit(starter, 'README.md', 'changed'));
    expect(again.firstRebuilt).toMatchObject({ n: 3, reason: { kind: 'files', changed: ['README.md'] } });
  });

  it('matches COPY sources with Go path.Match wildcards', () => {
    expect(pathMatch('package*.json', 'package-lock.json')).toBe(true);
    expect(pathMatch('*.js', 'src/app.js')).toBe(false);
    expect(pathMatch('src/*.js', 'src/app.js')).toBe(true);
    expect(pathMatch('file[0-9].txt', 'file7.txt')).toBe(true);
    const [, second] = grade(GOOD, starter, edit(starter, 'package-lock.json', '{}'));
    expect(second.firstRebuilt).toMatchObject({ n: 3, reason: { kind: 'files', changed: ['package-lock.json'] } });
  });

  it('runs a changed instruction again, and everything after it in the stage', () => {
    const files = new Map([...starter, ['Dockerfile', GOOD]]);
    const changed = GOOD.replace('RUN npm install', 'RUN npm install --omit=dev');
    const [, second] = predictBuilds([
      { name: 'a', dockerfile: GOOD, files },
      { name: 'b', dockerfile: changed, files: new Map([...starter, ['Dockerfile', changed]]) },
    ]);
    expect(fates(second)).toEqual(['FROM:cached', 'WORKDIR:cached', 'COPY:cached', 'RUN:rebuilt', 'COPY:rebuilt', 'CMD:rebuilt']);
    expect(second.firstRebuilt).toMatchObject({ n: 4, reason: { kind: 'instruction' } });
  });

  it('follows ENV values into COPY sources and changes a step whose ENV changed', () => {
    const df = (dir: string) => `FROM busybox\nENV SRC=${dir}\nCOPY $SRC /app/\n`;
    const files = new Map([['a/x', '1'], ['b/x', '2']]);
    const [, second] = predictBuilds([
      { name: 'a', dockerfile: df('a'), files },
      { name: 'b', dockerfile: df('a'), files: edit(files, 'b/x', '3') },
    ]);
    expect(second.steps.every((s) => s.fate === 'cached')).toBe(true);
    const [, third] = predictBuilds([
      { name: 'a', dockerfile: df('a'), files },
      { name: 'b', dockerfile: df('b'), files },
    ]);
    expect(third.firstRebuilt).toMatchObject({ n: 2, keyword: 'ENV' });
  });

  it('keeps stages apart: a change in the build stage reaches COPY --from, not the final stage before it', () => {
    const df = 'FROM layerlab/node:18 AS build\nWORKDIR /app\nCOPY src ./src\nRUN node build.js\nFROM busybox\nWORKDIR /srv\nCOPY --from=build /app/dist ./dist\nCMD ["x"]\n';
    const [, second] = grade(df, starter, edit(starter, 'src/app.js', 'changed'));
    expect(fates(second)).toEqual([
      'FROM:cached', 'WORKDIR:cached', 'COPY:rebuilt', 'RUN:rebuilt',
      'FROM:cached', 'WORKDIR:cached', 'COPY:rebuilt', 'CMD:rebuilt',
    ]);
    expect(second.steps[6].reason).toEqual({ kind: 'from-stage', stage: 'build' });
    const [, untouched] = grade(df, starter, edit(starter, 'README.md', 'x'));
    expect(untouched.steps.every((s) => s.fate === 'cached')).toBe(true);
  });

  it('continues a stage built FROM an earlier stage from that stage’s chain', () => {
    const df = 'FROM busybox AS base\nCOPY package.json /p\nFROM base\nRUN echo hi\n';
    const [, second] = grade(df, starter, edit(starter, 'package.json', '{}'));
    expect(fates(second)).toEqual(['FROM:cached', 'COPY:rebuilt', 'FROM:cached', 'RUN:rebuilt']);
    expect(second.steps[3].reason).toEqual({ kind: 'parent', n: 2 });
  });

  it('reports a COPY source missing from the context', () => {
    const [first] = grade('FROM busybox\nCOPY nothere /x\n', starter);
    expect(first.notes[0]).toMatch(/line 2: `nothere` is not in the build context/);
  });

  it('names the base image when it changed', () => {
    const a = 'FROM busybox\nRUN echo hi\n';
    const b = 'FROM layerlab/node:18\nRUN echo hi\n';
    const [, second] = predictBuilds([
      { name: 'a', dockerfile: a, files: starter },
      { name: 'b', dockerfile: b, files: starter },
    ]);
    expect(second.firstRebuilt?.reason).toEqual({ kind: 'base', image: 'layerlab/node:18' });
  });
});
