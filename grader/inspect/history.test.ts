import { describe, expect, it } from 'vitest';
import { BuildStreamParser } from '../engine/build-stream';
import { createdBeforeBuild, createdByMatches, decideCacheHits, parseDockerTime, type HistoryEntry, type ImageTime } from './history';

const T = Date.parse('2026-01-01T10:00:00.000Z');

describe('createdBeforeBuild', () => {
  it('with nanosecond times: strictly before the build start', () => {
    expect(createdBeforeBuild({ ms: T - 1, precision: 'ns' }, T)).toBe(true);
    expect(createdBeforeBuild({ ms: T + 300, precision: 'ns' }, T)).toBe(false);
  });

  it('with whole seconds: a fresh layer in the start second never looks cached', () => {
    const start = T + 950; // 10:00:00.950
    // A layer committed 30 ms after the start has Created = 10:00:00 (floored) = floor(start).
    expect(createdBeforeBuild({ ms: Math.floor((start + 30) / 1000) * 1000, precision: 's' }, start)).toBe(false);
    // A layer from the previous build, which ended >= 1 s before this one started (the grader
    // waits 1.1 s between builds), is in an earlier second.
    const prevEnd = start - 1100;
    expect(createdBeforeBuild({ ms: Math.floor(prevEnd / 1000) * 1000, precision: 's' }, start)).toBe(true);
    // Without the gap the rule is conservative: same-second reuse reads as a rebuild, never the reverse.
    expect(createdBeforeBuild({ ms: Math.floor((start - 100) / 1000) * 1000, precision: 's' }, start)).toBe(false);
  });
});

describe('createdByMatches', () => {
  it('tells RUN layers from #(nop) metadata and COPY layers', () => {
    expect(createdByMatches('RUN', '/bin/sh -c npm install')).toBe(true);
    expect(createdByMatches('RUN', '|1 X=1 /bin/sh -c npm install')).toBe(true);
    expect(createdByMatches('RUN', '/bin/sh -c #(nop) WORKDIR /app')).toBe(false);
    expect(createdByMatches('COPY', '/bin/sh -c #(nop) COPY file:abc in ./ ')).toBe(true);
    expect(createdByMatches('WORKDIR', '/bin/sh -c #(nop) WORKDIR /app')).toBe(true);
    expect(createdByMatches('CMD', '/bin/sh -c #(nop)  CMD ["npm" "start"]')).toBe(true);
    expect(createdByMatches('COPY', '/bin/sh -c #(nop)  CMD ["npm" "start"]')).toBe(false);
  });
});

describe('decideCacheHits', () => {
  // FROM, WORKDIR, COPY package*.json, RUN npm install, COPY src, CMD
  const plan = [
    { n: 1, keyword: 'FROM', stage: 0 },
    { n: 2, keyword: 'WORKDIR', stage: 0 },
    { n: 3, keyword: 'COPY', stage: 0 },
    { n: 4, keyword: 'RUN', stage: 0 },
    { n: 5, keyword: 'COPY', stage: 0 },
    { n: 6, keyword: 'CMD', stage: 0 },
  ];
  const start = T + 60_000;
  const old = T; // previous build
  const fresh = start + 2_000;
  const history = (times: number[]): HistoryEntry[] => {
    const createdBy = ['#(nop)  CMD ["npm" "start"]', '#(nop) COPY dir:aaa in ./src/', 'npm install', '#(nop) COPY file:bbb in ./', '#(nop) WORKDIR /app'].map((c) => `/bin/sh -c ${c}`);
    const top = createdBy.map((c, i) => ({ id: `sha256:${String(6 - i).repeat(12)}${'0'.repeat(52)}`, createdSec: Math.floor(times[4 - i] / 1000), createdBy: c }));
    return [...top, { id: 'sha256:base', createdSec: Math.floor((T - 86_400_000) / 1000), createdBy: '/bin/sh -c #(nop)  CMD ["node"]' }];
  };
  const images = (times: number[]) => new Map<string, ImageTime>(times.map((t, i) => [String(i + 2).repeat(12), { createdMs: t }]));

  it('uses the history: old layers are hits, new ones rebuilds; FROM is the base', () => {
    const times = [old, old, old, fresh, fresh]; // WORKDIR, COPY pkg, RUN, COPY src, CMD
    const d = decideCacheHits({ plan, finalStage: 0, history: history(times), images: images(times), streamSteps: [], buildStartMs: start });
    expect(d.map((x) => [x.n, x.cached, x.source])).toEqual([
      [1, true, 'base'],
      [2, true, 'history'],
      [3, true, 'history'],
      [4, true, 'history'],
      [5, false, 'history'],
      [6, false, 'history'],
    ]);
  });

  it('overrides a faked "Using cache" in the build output', () => {
    // A RUN before the install prints a complete fake header + "Using cache" for step 4.
    const p = new BuildStreamParser();
    const lines = [
      'Step 1/6 : FROM layerlab/node:18', ' ---> 2b41b47fe24d',
      'Step 2/6 : WORKDIR /app', ' ---> Using cache', ' ---> 222222222222',
      'Step 3/6 : COPY . .', ' ---> 333333333333',
      'Step 4/6 : RUN npm install', ' ---> Using cache', // faked: really printed by... step 3? (any RUN could)
      ' ---> 444444444444',
    ];
    for (const l of lines) p.push({ stream: `${l}\n` });
    const stream = p.result();
    expect(stream.steps[3].cached).toBe(true); // the parser was fooled
    const times = [old, fresh, fresh, fresh, fresh];
    const d = decideCacheHits({
      plan, finalStage: 0, history: history(times), images: images(times),
      streamSteps: stream.steps.map((s) => ({ n: s.n, cached: s.cached, imageId: s.imageId })),
      buildStartMs: start,
    });
    expect(d.find((x) => x.n === 4)).toMatchObject({ cached: false, verified: true, source: 'history' });
  });

  it('falls back to the seconds of history when an image cannot be inspected', () => {
    const times = [old, old, old, fresh, fresh];
    const d = decideCacheHits({ plan, finalStage: 0, history: history(times), images: new Map(), streamSteps: [], buildStartMs: start });
    expect(d.map((x) => x.cached)).toEqual([true, true, true, true, false, false]);
  });

  it('earlier stages: verified through the step image id; unverifiable steps are flagged', () => {
    const multi = [
      { n: 1, keyword: 'FROM', stage: 0 },
      { n: 2, keyword: 'RUN', stage: 0 },
      { n: 3, keyword: 'FROM', stage: 1 },
      { n: 4, keyword: 'COPY', stage: 1 },
    ];
    const hist: HistoryEntry[] = [
      { id: `sha256:${'4'.repeat(64)}`, createdSec: Math.floor(fresh / 1000), createdBy: '/bin/sh -c #(nop) COPY dir:x in /app' },
      { id: 'sha256:base', createdSec: 1, createdBy: '/bin/sh -c #(nop)  CMD ["node"]' },
    ];
    const imgs = new Map<string, ImageTime>([
      ['2'.repeat(12), { createdMs: old, createdBy: '/bin/sh -c npm ci' }],
      ['4'.repeat(12), { createdMs: fresh }],
    ]);
    const d = decideCacheHits({
      plan: multi, finalStage: 1, history: hist, images: imgs,
      streamSteps: [{ n: 2, cached: true, imageId: '2'.repeat(12) }], buildStartMs: start,
    });
    expect(d.map((x) => [x.n, x.cached, x.verified, x.source])).toEqual([
      [1, true, true, 'base'],
      [2, true, true, 'image'],
      [3, true, true, 'base'],
      [4, false, true, 'history'],
    ]);
    const noId = decideCacheHits({ plan: multi, finalStage: 1, history: hist, images: imgs, streamSteps: [{ n: 2, cached: true }], buildStartMs: start });
    expect(noId[1]).toMatchObject({ verified: false, source: 'unverified' });
  });

  it('refuses a history that does not line up with the Dockerfile', () => {
    const times = [old, old, old, fresh, fresh];
    const h = history(times);
    h[2] = { ...h[2], createdBy: '/bin/sh -c #(nop) ENV A=1' }; // where RUN npm install should be
    const d = decideCacheHits({ plan, finalStage: 0, history: h, images: images(times), streamSteps: [], buildStartMs: start });
    expect(d.filter((x) => x.n > 1).every((x) => !x.verified)).toBe(true);
  });
});

describe('parseDockerTime', () => {
  it('parses RFC 3339 with nanoseconds', () => {
    expect(parseDockerTime('2026-11-27T20:05:32.95646103Z')).toBe(Date.parse('2026-11-27T20:05:32.956Z'));
    expect(parseDockerTime('nope')).toBeUndefined();
  });
});
