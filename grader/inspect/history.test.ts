import { describe, expect, it } from 'vitest';
import { BuildStreamParser } from '../engine/build-stream';
import { createdByMatches, decideCacheHits, isRestoredCacheImage, mapStepsToHistory, type HistoryEntry } from './history';

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

describe('decideCacheHits (image identity)', () => {
  // FROM, WORKDIR, COPY package*.json, RUN npm install, COPY src, CMD
  const plan = [
    { n: 1, keyword: 'FROM', stage: 0 },
    { n: 2, keyword: 'WORKDIR', stage: 0 },
    { n: 3, keyword: 'COPY', stage: 0 },
    { n: 4, keyword: 'RUN', stage: 0 },
    { n: 5, keyword: 'COPY', stage: 0 },
    { n: 6, keyword: 'CMD', stage: 0 },
  ];
  const id = (c: string) => `sha256:${c.repeat(64)}`;
  /** The final image's history, newest first: CMD, COPY src, RUN, COPY pkg, WORKDIR, then the base. */
  const history = (): HistoryEntry[] => {
    const createdBy = ['#(nop)  CMD ["npm" "start"]', '#(nop) COPY dir:aaa in ./src/', 'npm install', '#(nop) COPY file:bbb in ./', '#(nop) WORKDIR /app'].map((c) => `/bin/sh -c ${c}`);
    const top = createdBy.map((c, i) => ({ id: id(String(6 - i)), createdBy: c, sizeBytes: i === 2 ? 5_000_000 : 0 }));
    return [...top, { id: '<missing>', createdBy: '', sizeBytes: 300_000_000 }];
  };
  const steps = plan.filter((p) => p.keyword !== 'FROM');

  it('a step is a hit exactly when its image existed before the build; FROM is the base', () => {
    const mapped = mapStepsToHistory(steps, history())!;
    const preexisting = new Set([id('2'), id('3'), id('4'), id('9')]); // WORKDIR, COPY pkg, RUN (+ unrelated)
    const d = decideCacheHits({ plan, mapped, preexisting, streamSteps: [] });
    expect(d.map((x) => [x.n, x.cached, x.source])).toEqual([
      [1, true, 'base'],
      [2, true, 'history'],
      [3, true, 'history'],
      [4, true, 'history'],
      [5, false, 'history'],
      [6, false, 'history'],
    ]);
    expect(mapped.get(4)?.sizeBytes).toBe(5_000_000);
  });

  it('counts an image the engine restored from a cachefrom image as a hit, and nothing else new', () => {
    const mapped = mapStepsToHistory(steps, history())!;
    // WORKDIR existed; COPY pkg and RUN are new ids the cache restored; COPY src and CMD were committed.
    const d = decideCacheHits({ plan, mapped, preexisting: new Set([id('2')]), restored: new Set([id('3'), id('4')]), streamSteps: [] });
    expect(d.map((x) => x.cached)).toEqual([true, true, true, true, false, false]);
  });

  it('tells a restored cache image from a committed step image by its empty container config', () => {
    expect(isRestoredCacheImage({ ContainerConfig: { Cmd: null } })).toBe(true);
    expect(isRestoredCacheImage({})).toBe(true);
    expect(isRestoredCacheImage({ ContainerConfig: { Cmd: ['/bin/sh', '-c', '#(nop) COPY file:abc in /app/a '] } })).toBe(false);
    expect(isRestoredCacheImage({ ContainerConfig: { Cmd: ['/bin/sh', '-c', 'npm install'] } })).toBe(false);
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
    const d = decideCacheHits({
      plan,
      mapped: mapStepsToHistory(steps, history())!,
      preexisting: new Set([id('2')]),
      streamSteps: stream.steps.map((s) => ({ n: s.n, cached: s.cached, imageId: s.imageId })),
    });
    expect(d.find((x) => x.n === 4)).toMatchObject({ cached: false, verified: true, source: 'history' });
  });

  it('unmapped steps are unverified and keep the output only as a display hint', () => {
    const d = decideCacheHits({ plan, mapped: new Map(), preexisting: new Set([id('4')]), streamSteps: [{ n: 4, cached: true }] });
    expect(d.find((x) => x.n === 4)).toMatchObject({ cached: true, verified: false, source: 'unverified' });
    expect(d.filter((x) => x.n > 1).every((x) => !x.verified)).toBe(true);
  });

  it('refuses a history that does not line up with the Dockerfile', () => {
    const h = history();
    h[2] = { ...h[2], createdBy: '/bin/sh -c #(nop) ENV A=1' }; // where RUN npm install should be
    expect(mapStepsToHistory(steps, h)).toBeUndefined();
    expect(mapStepsToHistory(steps, h.slice(0, 3))).toBeUndefined(); // too short
  });

  it('an entry without an id (an imported layer) cannot be decided', () => {
    const mapped = new Map([[2, { id: '<missing>', createdBy: '/bin/sh -c #(nop) WORKDIR /app', sizeBytes: 0 }]]);
    const d = decideCacheHits({ plan: plan.slice(0, 2), mapped, preexisting: new Set(['<missing>']), streamSteps: [] });
    expect(d[1]).toMatchObject({ verified: false });
  });
});
