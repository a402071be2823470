import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../lib/dockerfile/parse';
import type { LabCheck } from '../labs';
import { lessonHref } from '../../lib/labs/lesson-link';
import { BuildStreamParser } from '../engine/build-stream';
import { cacheDiff, cacheDiffs, lineList } from './cache-diff';
import { checkHelp, stripHint } from './help';
import { stepDurations } from './timing';
import { reportJson, reportText } from './text';
import type { GradeReport } from '../grade';

const BAD = `FROM layerlab/node:18
WORKDIR /app

# Copies everything first (inefficient)
COPY . .
RUN npm install
EXPOSE 3000
CMD ["npm", "start"]
`;
const GOOD = `FROM layerlab/node:18
WORKDIR /app
COPY package*.json ./
RUN npm install
COPY src ./src
CMD ["npm", "start"]
`;

/** Steps of a build: cached up to (not including) step `missFrom`. */
function steps(dockerfile: string, missFrom: number | undefined) {
  return parseDockerfile(dockerfile).instructions.map((i) => ({
    n: i.n,
    line: i.startLine,
    instruction: i.text,
    cached: i.keyword === 'FROM' || (missFrom !== undefined && i.n < missFrom) || missFrom === undefined,
  }));
}

describe('cacheDiff', () => {
  const parsed = parseDockerfile(BAD);
  it('names the COPY that took the edited file, and every later step as rebuilt (lesson Dockerfile.bad)', () => {
    const d = cacheDiff(
      { name: 'initial', steps: steps(BAD, 1) },
      { name: 'source-edit', attempted: true, steps: steps(BAD, 3), changedFiles: ['src/app.js'] },
      parsed,
    );
    expect(d.firstMiss).toMatchObject({ n: 3, line: 5, instruction: 'COPY . .', cause: { kind: 'files', files: ['src/app.js'] } });
    expect(d.rebuilt.map((s) => s.line)).toEqual([6, 7, 8]);
    expect(d.summary).toBe('Build `source-edit`: first miss at line 5 `COPY . .` because src/app.js changed; rebuilt because of it: lines 6–8.');
  });

  it('matches COPY sources against changed paths (good order: package.json reaches `COPY package*.json ./`)', () => {
    const good = parseDockerfile(GOOD);
    const src = cacheDiff({ name: 'initial', steps: steps(GOOD, 1) }, { name: 'source-edit', attempted: true, steps: steps(GOOD, 5), changedFiles: ['src/app.js'] }, good);
    expect(src.firstMiss).toMatchObject({ line: 5, cause: { kind: 'files', files: ['src/app.js'] } });
    expect(src.rebuilt.map((s) => s.line)).toEqual([6]);
    const dep = cacheDiff({ name: 'source-edit', steps: steps(GOOD, 5) }, { name: 'dep-edit', attempted: true, steps: steps(GOOD, 3), changedFiles: ['package.json'] }, good);
    expect(dep.firstMiss).toMatchObject({ line: 3, instruction: 'COPY package*.json ./', cause: { kind: 'files', files: ['package.json'] } });
    expect(dep.rebuilt.map((s) => s.instruction)).toEqual(['RUN npm install', 'COPY src ./src', 'CMD ["npm", "start"]']);
  });

  it('names only the files changed since the previous build (cache-order: initial, source-edit, dep-edit)', () => {
    // Builds' changedFiles are relative to the build before (grader/grading/build.ts), so dep-edit's
    // miss at `COPY . .` names package.json only, not src/app.js edited one build earlier — the
    // same explanation the cache predictor gives on the lab page.
    const diffs = cacheDiffs(
      [
        { name: 'initial', attempted: true, steps: steps(BAD, 1), changedFiles: [] },
        { name: 'source-edit', attempted: true, steps: steps(BAD, 3), changedFiles: ['src/app.js'] },
        { name: 'dep-edit', attempted: true, steps: steps(BAD, 3), changedFiles: ['package.json'] },
      ],
      parsed,
    );
    expect(diffs.map((d) => [d.build, d.previous])).toEqual([['source-edit', 'initial'], ['dep-edit', 'source-edit']]);
    expect(diffs[1].firstMiss).toMatchObject({ line: 5, instruction: 'COPY . .', cause: { kind: 'files', files: ['package.json'] } });
    expect(diffs[1].summary).toBe('Build `dep-edit`: first miss at line 5 `COPY . .` because package.json changed; rebuilt because of it: lines 6–8.');
  });

  it('reports a fully cached build, a changed instruction, and skips the first and unattempted builds', () => {
    const all = cacheDiff({ name: 'a', steps: steps(GOOD, undefined) }, { name: 'b', attempted: true, steps: steps(GOOD, undefined), changedFiles: ['README.md'] }, parseDockerfile(GOOD));
    expect(all.firstMiss).toBeUndefined();
    expect(all.summary).toContain('every step came from the cache');
    const prev = steps(GOOD, 1);
    const cur = steps(GOOD, 4).map((s) => (s.n === 4 ? { ...s, instruction: 'RUN npm ci' } : s));
    const changed = cacheDiff({ name: 'a', steps: prev }, { name: 'b', attempted: true, steps: cur, changedFiles: [] }, parseDockerfile(GOOD));
    expect(changed.firstMiss?.cause).toEqual({ kind: 'instruction', previous: 'RUN npm install' });
    const list = cacheDiffs(
      [
        { name: 'initial', attempted: true, steps: steps(BAD, 1), changedFiles: [] },
        { name: 'source-edit', attempted: false, steps: [], changedFiles: ['src/app.js'] },
        { name: 'dep-edit', attempted: true, steps: steps(BAD, 3), changedFiles: ['package.json'] },
      ],
      parsed,
    );
    expect(list.map((d) => [d.build, d.previous])).toEqual([['dep-edit', 'source-edit']]);
  });

  it('formats line lists as ranges', () => {
    expect(lineList([{ n: 4, line: 6 }])).toBe('line 6');
    expect(lineList([{ n: 2, line: 2 }, { n: 4, line: 6 }, { n: 5, line: 7 }, { n: 6, line: 9 }])).toBe('lines 2, 6–9');
    expect(lineList([{ n: 4 }, { n: 5 }])).toBe('steps 4–5');
  });
});

describe('step timing', () => {
  it('takes each step from its header to the next one, the last to the build end', () => {
    const d = stepDurations([{ n: 1, startMs: 1000 }, { n: 2, startMs: 1010 }, { n: 3, startMs: 4010 }], 4510);
    expect([...d]).toEqual([[1, 10], [2, 3000], [3, 500]]);
    expect(stepDurations([{ n: 1 }, { n: 2, startMs: 5 }], 3).get(2)).toBe(0); // never negative
    expect(stepDurations([{ n: 1 }], 10).has(1)).toBe(false);
  });

  it('the build-stream parser stamps each header with the clock', () => {
    let t = 100;
    const p = new BuildStreamParser(undefined, () => t);
    p.push({ stream: 'Step 1/2 : FROM layerlab/node:18\n' });
    t = 150;
    p.push({ stream: ' ---> abcdef012345\nStep 2/2 : RUN true\n' });
    const r = p.result();
    expect(r.steps.map((s) => s.startMs)).toEqual([100, 150]);
  });
});

describe('check help', () => {
  const lab = { lesson: { slug: '3-4-도커-이미지와-이미지-레이어-이해하기', section: '실습-캐시-최적화-비교-실험' } };
  const cacheCheck = {
    kind: 'cache', id: 'source-edit-keeps-install-cached', title: 't', points: 40, build: 'source-edit',
    step: { instruction: 'RUN', program: 'npm', subcommand: 'install' }, cached: true, hint: 'Copy package*.json first.',
  } as unknown as LabCheck;
  const diff = cacheDiff(
    { name: 'initial', steps: steps(BAD, 1) },
    { name: 'source-edit', attempted: true, steps: steps(BAD, 3), changedFiles: ['src/app.js'] },
    parseDockerfile(BAD),
  );

  it('splits what / why / fix and links the lab lesson section', () => {
    const h = checkHelp({ check: cacheCheck, feedback: 'Line 6 `RUN npm install` was rebuilt. Copy package*.json first.', lab, cacheDiffs: [diff] });
    expect(h.what).toBe('Line 6 `RUN npm install` was rebuilt.');
    expect(h.fix).toBe('Copy package*.json first.');
    expect(h.why).toContain('line 5 `COPY . .` takes src/app.js');
    expect(h.why).toContain('lines 6–8 ran again');
    expect(h.lessonUrl).toBe(`/lessons/${encodeURIComponent(lab.lesson.slug)}#${encodeURIComponent(lab.lesson.section)}`);
  });

  it('uses the check\'s own lesson anchor, the kind\'s default fix, and null without a lesson', () => {
    const own = { ...cacheCheck, hint: undefined, lesson: { section: '2-캐시-친화적인-dockerfile-순서' } } as unknown as LabCheck;
    const h = checkHelp({ check: own, feedback: 'x', lab, cacheDiffs: [] });
    expect(h.lessonUrl).toBe(`/lessons/${encodeURIComponent(lab.lesson.slug)}#${encodeURIComponent('2-캐시-친화적인-dockerfile-순서')}`);
    expect(h.fix).toMatch(/package\*\.json/);
    expect(checkHelp({ check: own, feedback: 'x', lab: {}, cacheDiffs: [] }).lessonUrl).toBeNull();
    expect(lessonHref('a/b c')).toBe('/lessons/a/b%20c');
  });

  it('strips only a trailing hint', () => {
    expect(stripHint('Failed. Do X.', 'Do X.')).toBe('Failed.');
    expect(stripHint('Failed.', 'Other')).toBe('Failed.');
  });
});

describe('report formatting', () => {
  const report: GradeReport = {
    lab: 'cache-order', score: 60, maxScore: 100, log: 'x', gradeId: 'g',
    checks: [{ id: 'c', title: 'T', passed: false, points: 0, maxPoints: 40, feedback: 'F', help: { what: 'F', why: 'W', fix: 'X', lessonUrl: '/lessons/l#s' } }],
    builds: [{ name: 'initial', ok: true, durationMs: 3000, steps: [
      { n: 1, instruction: 'FROM layerlab/node:18', cached: true, line: 1, durationMs: 5, sizeBytes: 0 },
      { n: 2, instruction: 'RUN npm install', cached: false, line: 6, durationMs: 2500, sizeBytes: 1_500_000 },
      { n: 3, instruction: 'CMD ["npm", "start"]', cached: true, line: 8, durationMs: 10, sizeBytes: 0 },
    ] }],
    cacheDiffs: [],
  };

  it('keeps the issue-2 JSON shape as a subset', () => {
    const j = reportJson(report);
    expect(j).toMatchObject({ lab: 'cache-order', score: 60, maxScore: 100, checks: [{ id: 'c', title: 'T', passed: false, points: 0, maxPoints: 40, feedback: 'F' }] });
    expect(j.builds[0]).toMatchObject({ name: 'initial', ok: true, durationMs: 3000 });
    expect(j.builds[0].steps[1]).toMatchObject({ n: 2, instruction: 'RUN npm install', cached: false, line: 6, durationMs: 2500, sizeBytes: 1_500_000 });
    expect(j.checks[0].help?.lessonUrl).toBe('/lessons/l#s');
    expect(j).not.toHaveProperty('log');
  });

  it('labels steps BASE / CACHED / BUILT in the text report', () => {
    const t = reportText(report);
    expect(t).toMatch(/FROM layerlab\/node:18\s+BASE/);
    expect(t).toMatch(/RUN npm install\s+BUILT\s+2\.5 s\s+1\.50? MB/);
    expect(t).toMatch(/CMD \["npm", "start"\]\s+CACHED/);
    expect(t).not.toMatch(/\bRUN\s*$/m);
    expect(t).toContain('Lesson: /lessons/l#s');
  });
});
