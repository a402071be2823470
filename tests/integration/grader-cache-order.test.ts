/**
 * The grader against the real sandbox engine, on the cache-order lab.
 * Needs root (the engine is started if it is not running) and the offline base images.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBaseImages } from '../../grader/engine/base-images';
import { GRADE_TAG_PREFIX } from '../../grader/engine/cleanup';
import { ensureEngine } from '../../grader/engine/daemon';
import { gradeSubmission, type GradeEvent, type GradeReport } from '../../grader/grade';
import { hostPathLeaks } from '../helpers/host-paths';

const LAB = 'cache-order';
const solution = () => fs.readFile(path.join('labs', LAB, 'solution', 'Dockerfile'), 'utf8');

/** The lesson's Dockerfile.bad, with the grader's base image instead of node:18-alpine. */
const LESSON_BAD = `FROM layerlab/node:18
WORKDIR /app

# 모든 파일을 먼저 복사 (비효율적)
COPY . .
RUN npm install
EXPOSE 3000
CMD ["npm", "start"]
`;

/**
 * Prints a fake step header and "Using cache" for the install from an earlier RUN, so the build
 * output claims the install was cached; only the image history can tell the truth.
 */
const FAKE_CACHE = `FROM layerlab/node:18
WORKDIR /app
COPY . .
RUN printf 'Step 5/6 : RUN npm install\\n ---> Using cache\\n'
RUN npm install
CMD ["npm", "start"]
`;

let docker: Docker;
let baselineImages: Set<string>;

async function imageIds(): Promise<Set<string>> {
  // Listing can race with an image removal elsewhere in the engine ("stat …: no such file"): retry.
  for (let attempt = 0; ; attempt++) {
    try {
      return new Set((await docker.listImages({ all: true })).map((i) => i.Id));
    } catch (err) {
      if (attempt >= 4) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** Every grade this file ran (its id labels all its images and containers). */
const gradeIds: string[] = [];

async function grade(files: Record<string, string>, extra: Partial<Parameters<typeof gradeSubmission>[0]> = {}): Promise<{ report: GradeReport; events: GradeEvent[] }> {
  const events: GradeEvent[] = [];
  const report = await gradeSubmission({ labId: LAB, files, docker, onEvent: (e) => events.push(e), ...extra });
  if (report.gradeId) gradeIds.push(report.gradeId);
  return { report, events };
}

const check = (r: GradeReport, id: string) => r.checks.find((c) => c.id === id)!;
const step = (r: GradeReport, build: string, re: RegExp) => r.builds.find((b) => b.name === build)!.steps.find((s) => re.test(s.instruction))!;

beforeAll(async () => {
  docker = await ensureEngine();
  await ensureBaseImages(docker);
  baselineImages = await imageIds();
});

describe('grader on cache-order (real engine)', () => {
  it('scores the reference solution full and the lesson\'s Dockerfile.bad without the cache points, graded concurrently', async () => {
    const [good, bad, fake] = await Promise.all([
      grade({ Dockerfile: await solution() }),
      grade({ Dockerfile: LESSON_BAD }),
      grade({ Dockerfile: FAKE_CACHE }),
    ]);

    expect(good.report.score).toBe(good.report.maxScore);
    for (const r of [good, bad, fake]) expect(hostPathLeaks(r.report)).toEqual([]);
    expect(step(good.report, 'source-edit', /npm install/).cached).toBe(true);
    expect(step(good.report, 'source-edit', /^COPY src/).cached).toBe(false);
    expect(step(good.report, 'dep-edit', /npm install/).cached).toBe(false);
    expect(good.events.filter((e) => e.type === 'build-end').map((e) => e.type === 'build-end' && e.ok)).toEqual([true, true, true]);

    // Dockerfile.bad builds and runs, but a source edit re-runs the install.
    expect(bad.report.builds.every((b) => b.ok)).toBe(true);
    expect(check(bad.report, 'builds').passed).toBe(true);
    expect(check(bad.report, 'app-runs').passed).toBe(true);
    const cache = check(bad.report, 'source-edit-keeps-install-cached');
    expect(cache.passed).toBe(false);
    expect(cache.feedback).toContain('Line 5 `COPY . .` copies src/app.js before line 6 `RUN npm install`');
    expect(bad.report.score).toBe(60);

    // The build output claimed "Using cache" for the install; the history says it ran.
    const live = fake.events.filter((e) => e.type === 'step' && e.build === 'source-edit' && e.n === 5);
    expect(live[0]).toMatchObject({ cached: true }); // the parser was fooled, provisionally…
    expect(live[live.length - 1]).toMatchObject({ cached: false }); // …and corrected
    expect(step(fake.report, 'source-edit', /^RUN npm install/).cached).toBe(false);
    expect(check(fake.report, 'source-edit-keeps-install-cached').passed).toBe(false);
  });

  it('scores a syntax error 0 with feedback naming the line', async () => {
    const { report } = await grade({ Dockerfile: 'FROM layerlab/node:18\nWORKDIR /app\nCOPY package*.json ./\nRUNN npm install\n' });
    expect(report.score).toBe(0);
    expect(check(report, 'builds').feedback).toMatch(/line 4 `RUNN npm install`.*unknown instruction/);
    expect(check(report, 'app-runs').feedback).toMatch(/^Not evaluated because build `initial` failed/);
  });

  it('refuses a disallowed FROM before any build', async () => {
    const { report, events } = await grade({ Dockerfile: 'FROM node:18-alpine\nWORKDIR /app\nCOPY . .\nRUN npm install\n' });
    expect(report.score).toBe(0);
    expect(events.some((e) => e.type === 'build-start')).toBe(false);
    expect(check(report, 'builds').feedback).toMatch(/Line 1 `FROM node:18-alpine`: base image `node:18-alpine` is not allowed.*layerlab\/node:18/);
  });

  it('grades bad file names as a rejected submission, not an error', async () => {
    const { report, events } = await grade({ Dockerfile: await solution(), '../escape': 'x' });
    expect(report.score).toBe(0);
    expect(events.some((e) => e.type === 'build-start')).toBe(false);
    expect(check(report, 'builds').feedback).toMatch(/`\.\.\/escape`|"\.\.\/escape"/);
  });
  // Every wrong/ and variants/ case (and the solution) is graded by tests/integration/labs.test.ts.
});

describe('limits', () => {
  it('stops a build at the lab\'s time limit and grades it as a failure', async () => {
    const labsDir = await fs.mkdtemp(path.join((await import('node:os')).tmpdir(), 'labs-'));
    await fs.mkdir(path.join(labsDir, 'slow', 'starter'), { recursive: true });
    await fs.writeFile(path.join(labsDir, 'slow', 'task.md'), '# slow');
    await fs.writeFile(path.join(labsDir, 'slow', 'starter', 'a.txt'), 'a');
    await fs.writeFile(
      path.join(labsDir, 'slow', 'lab.yaml'),
      'id: slow\ntitle: Slow\nsummary: s\nallowedBaseImages: [layerlab/busybox]\nsubmit: [Dockerfile]\nlimits: { buildTimeoutSeconds: 5 }\nbuilds: [{ name: initial }]\nchecks: [{ kind: build, id: builds, title: Builds, points: 1 }]\n',
    );
    const started = Date.now();
    const { report } = await grade({ Dockerfile: 'FROM layerlab/busybox\nRUN sleep 120\n' }, { labId: 'slow', labs: { labsDir } });
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(report.score).toBe(0);
    expect(report.checks[0].feedback).toMatch(/did not finish within 5 s/);
  });
});

afterAll(async () => {
  if (!docker || !baselineImages) return;
  // Other processes may grade on the same engine meanwhile, so leaks are looked for by grade id:
  // every image and container a grade makes carries the label layerlab.grade=<id>.
  expect(gradeIds.length).toBeGreaterThanOrEqual(5); // the grades above that built (3 concurrent, the syntax error, the slow one; the lab cases: labs.test.ts)
  const ours = (labels: Record<string, string> | undefined) => gradeIds.includes(labels?.['layerlab.grade'] ?? '');
  let leftContainers: string[] = [];
  for (let i = 0; i < 20; i++) {
    // The daemon removes an aborted build's container within about a second.
    leftContainers = (await docker.listContainers({ all: true })).filter((c) => ours(c.Labels)).map((c) => c.Id);
    if (leftContainers.length === 0) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  expect(leftContainers).toEqual([]);
  const images = await docker.listImages({ all: true });
  expect(images.filter((i) => ours(i.Labels)).map((i) => i.Id)).toEqual([]);
  const tags = images.flatMap((i) => i.RepoTags ?? []).filter((t) => gradeIds.some((id) => t.startsWith(`${GRADE_TAG_PREFIX}${id}`)));
  expect(tags).toEqual([]);
  // And the engine's image count is back to its baseline. Images of other processes' grades in flight
  // (labelled with another grade id) do not count; anything else unexpected gets up to a minute to
  // disappear (another process using the same engine may be mid-build).
  let unexplained: string[] = [];
  for (let i = 0; i < 30; i++) {
    const all = await docker.listImages({ all: true });
    const foreign = new Set(all.filter((x) => x.Labels?.['layerlab.grade'] && !ours(x.Labels)).map((x) => x.Id));
    unexplained = all.map((x) => x.Id).filter((id) => !baselineImages.has(id) && !foreign.has(id));
    if (unexplained.length === 0) break;
    await new Promise((r) => setTimeout(r, 2000));
  }
  expect(unexplained, 'images above the baseline that no other grade explains (is another process using the engine?)').toEqual([]);
  // No per-grade cgroup left.
  const cgroups = await fs.readdir('/sys/fs/cgroup/pids/layerlab-builds').catch(() => [] as string[]);
  expect(cgroups.filter((d) => gradeIds.some((id) => d === `grade-${id}`))).toEqual([]);
});
