/**
 * Every lab folder under labs/ against the real sandbox engine: its definition loads (every check
 * validated by its kind), the reference solution scores full, every wrong/ case gets exactly the
 * score, failing checks and feedback of its expect.yaml, every variants/ case scores full, and no
 * report shows a host path (tests/helpers/lab-cases.ts, the comparison `npm run lab:check` makes).
 * A new lab is tested by adding its folder. Run one lab: `npx vitest run tests/integration/labs.test.ts -t 'lab cache-order'`.
 *
 * Below the discovered cases: what particular labs must also show (their feedback, their steps) and
 * the grades of submissions that are not lab cases.
 */
import { readdirSync, existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBaseImages } from '../../grader/engine/base-images';
import { ensureEngine } from '../../grader/engine/daemon';
import { gradeSubmission } from '../../grader/grade';
import { makeToolsTar, TOOLS_TAR } from '../../labs/combine-run/tools/make-tools-tar';
import { checkOf, gradeLabCases, type GradedCase } from '../helpers/lab-cases';

const LABS = readdirSync('labs', { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(path.join('labs', d.name, 'lab.yaml')))
  .map((d) => d.name)
  .sort();

/** What a lab's graded cases must show besides their expect.yaml (keyed by lab id; each key must be a lab folder). */
const CASE_ASSERTIONS: Record<string, (graded: GradedCase[]) => void> = {
  'cache-order': (graded) => {
    expect(graded.map((g) => g.name)).toEqual(expect.arrayContaining(['wrong/bad-order', 'wrong/syntax-error', 'wrong/disallowed-base', 'wrong/no-install', 'variants/exec-form-install', 'variants/npm-options-before-verb', 'variants/install-in-deps-stage']));
  },
  'combine-run': (graded) => {
    expect(graded.map((g) => g.name)).toEqual(expect.arrayContaining(['solution', 'wrong/separate-cleanup', 'wrong/copy-archive', 'wrong/no-cleanup', 'wrong/one-step-per-run']));
    const solution = reportOf(graded, 'solution');
    expect(checkOf(solution, 'no-waste').feedback).toMatch(/^Your image wastes 0 B/);
    expect(checkOf(solution, 'few-layers').feedback).toMatch(/adds 2 layers/);

    // The two-stage spelling: every step carries its stage, and both stages ship (FROM unpack).
    const twoStage = reportOf(graded, 'wrong/two-stage-one-step-per-run').builds[0].steps;
    expect(twoStage.map((s) => [s.line, s.stage, s.ships])).toEqual([
      [3, 'unpack', true], [4, 'unpack', true], [5, 'unpack', true],
      [7, 'stage 2', true], [8, 'stage 2', true], [9, 'stage 2', true], [10, 'stage 2', true], [11, 'stage 2', true],
    ]);
    const single = solution.builds[0].steps;
    expect(single.every((s) => s.stage === undefined && s.failed === undefined)).toBe(true);

    const map = checkOf(reportOf(graded, 'wrong/one-step-per-run'), 'no-waste').feedback;
    expect(map).toContain('`/var/cache/layertools` (3 files), 3.15 MB: added by line 4 `RUN /opt/layertools/install.sh`, deleted by line 5 `RUN rm -rf /var/cache/layertools`');
    expect(map).toContain('`/tmp/tools.tar`, 6.66 kB: added by line 2 `COPY tools.tar /tmp/`, deleted by line 6 `RUN rm /tmp/tools.tar`');
  },
  dockerignore: (graded) => {
    expect(graded.map((g) => g.name)).toEqual(
      expect.arrayContaining(['solution', 'wrong/no-dockerignore', 'wrong/copies-only-src', 'wrong/star-log-only', 'wrong/ignores-source', 'wrong/forgets-stray-logs']),
    );
    // Build `log-edit` edits only ignored files: both COPYs are reused, and the feedback says why.
    expect(checkOf(reportOf(graded, 'solution'), 'ignored-edits-stay-cached').feedback).toBe(
      'In build `log-edit` (the edited .env, .git/HEAD, coverage/file-01.html and logs/app-1.log and 2 more never reached the engine: your .dockerignore leaves them out), line 5 `COPY package*.json ./` and line 9 `COPY . .` came from the cache, as they should.',
    );
    expect(checkOf(reportOf(graded, 'solution'), 'small-context').feedback).toMatch(/The context of build `initial` was [\d.]+ kB in \d+ files \(at most 100 kB\)\..*left out \d+ files/);
    const none = reportOf(graded, 'wrong/no-dockerignore');
    expect(checkOf(none, 'small-context').feedback).toMatch(/was 4\.\d+ MB in \d+ files; at most 100 kB is needed\. Largest parts: `node_modules\/` 3\.\d+ MB/);
    expect(checkOf(none, 'private-paths-excluded').feedback).toContain('`.env` is in the image: `/app/.env` is there, copied by line 9 `COPY . .`');
  },
  'layer-history': (graded) => {
    expect(graded.map((g) => g.name)).toEqual(expect.arrayContaining(['solution', 'wrong/combined-run', 'wrong/shell-form-cmd', 'wrong/missing-chmod', 'wrong/wrong-text']));
    expect(checkOf(reportOf(graded, 'solution'), 'history-matches').feedback).toMatch(/matches the target: 5 entries on top of layerlab\/busybox, in order, with the expected sizes/);
  },
  'multi-stage': (graded) => {
    expect(graded.map((g) => g.name)).toEqual(
      expect.arrayContaining(['solution', 'wrong/single-stage', 'wrong/prune-later', 'wrong/no-runtime-deps', 'wrong/copy-whole-builder']),
    );
    const size = (name: string) => checkOf(reportOf(graded, name), 'smaller-than-single-stage').feedback;
    // Both sizes in the feedback; the solution adds a small fraction of the single-stage build.
    expect(size('solution')).toMatch(/^The final image adds [\d.]+ [kM]B: \d+% of the single-stage build's 2\d\.\d MB \(at most 40% allowed\) on top of layerlab\/node:18/);
    expect(size('wrong/prune-later')).toMatch(/Largest layers of the final stage: line \d+ `RUN npm install --include=dev` 2\d\.\d MB/);
  },
  'no-secret': (graded) => {
    expect(graded.map((g) => g.name)).toEqual(
      expect.arrayContaining(['solution', 'wrong/copy-then-rm', 'wrong/buildkit-secret-mount', 'wrong/builder-copies-token', 'wrong/no-token', 'wrong/token-in-file-name', 'wrong/token-in-symlink-target']),
    );
    const leak = checkOf(reportOf(graded, 'wrong/copy-then-rm'), 'token-absent').feedback;
    expect(leak).toMatch(/in the file `\/app\/\.registry-token` of layer \d+\/\d+, created by line 3 `COPY \. \.`\. It was deleted later by line 5 `RUN node registry\/fetch\.js/);
    // Names are searched too (issue 7 item 8): the layer and the line that made it, the token masked.
    const named = checkOf(reportOf(graded, 'wrong/token-in-file-name'), 'token-absent').feedback;
    expect(named).toMatch(/in the name of the file `\/app\/vendor\/\.fetched-with-<token>` of layer \d+\/\d+, created by line 13 `COPY --from=fetch \/build\/vendor \.\/vendor`/);
    const linked = checkOf(reportOf(graded, 'wrong/token-in-symlink-target'), 'token-absent').feedback;
    expect(linked).toMatch(/in the target of the symlink `\/app\/vendor\/\.source` \(→ `\/registry\/<token>\/greeter`\) of layer \d+\/\d+, created by line 13/);
    for (const f of [named, linked]) expect(f).not.toMatch(/llt_[0-9a-f]{40}/);
    const bk = checkOf(reportOf(graded, 'wrong/buildkit-secret-mount'), 'builds').feedback;
    expect(bk).toMatch(/needs BuildKit.*classic builder.*memory, CPU and process limits.*multi-stage build/s);
  },
};

function reportOf(graded: GradedCase[], name: string) {
  const g = graded.find((x) => x.name === name);
  if (!g) throw new Error(`no case ${name} (cases: ${graded.map((x) => x.name).join(', ')})`);
  return g.report;
}

let docker: Docker;
/** Every grade this file ran: none may leave an image or container behind. */
const gradeIds: string[] = [];

beforeAll(async () => {
  docker = await ensureEngine();
  await ensureBaseImages(docker);
});

describe('labs/ folders', () => {
  it('are found, and every lab with extra assertions is one of them', () => {
    expect(LABS.length).toBeGreaterThanOrEqual(6);
    expect(Object.keys(CASE_ASSERTIONS).filter((id) => !LABS.includes(id))).toEqual([]);
  });

  // Every case of a lab, one after the other: longer than one grade (integration testTimeout).
  it.each(LABS)('lab %s: the solution, every wrong case and every variant grade as expect.yaml says', { timeout: 900_000 }, async (id) => {
    const graded = await gradeLabCases(docker, id);
    gradeIds.push(...graded.map((g) => g.report.gradeId).filter((x): x is string => !!x));
    expect(graded.map((g) => g.name)).toContain('solution');
    for (const g of graded) expect(g.problems, `${id} ${g.name}`).toEqual([]);
    // The cache predictor (lib/build-cache/predict.ts, shown on the lab page) agrees with the engine
    // on every step of every build after the first, in every case that built.
    for (const g of graded.filter((x) => x.report.builds.filter((b) => b.ok).length > 1)) {
      expect(g.report.prediction?.mismatches, `${id} ${g.name}: prediction`).toEqual([]);
      expect(g.report.prediction?.compared, `${id} ${g.name}: steps compared`).toBeGreaterThan(0);
    }
    // The layer explorer (issue 11): one entry per successful build's final image, in lab order,
    // from the grade's one image read, with the image's layers in order.
    for (const g of graded) {
      const built = g.report.builds.filter((b) => b.ok).map((b) => b.name);
      expect(g.report.layers?.map((b) => b.build) ?? [], `${id} ${g.name}: explorer builds`).toEqual(built);
      for (const b of g.report.layers ?? []) expect(b.layers.map((l) => l.index), `${id} ${g.name} ${b.build}`).toEqual(b.layers.map((_, i) => i));
    }
    CASE_ASSERTIONS[id]?.(graded);
  });
});

describe('lab combine-run', () => {
  it('ships the archive its generator makes (deterministic, ASCII)', async () => {
    const committed = await fs.readFile(TOOLS_TAR);
    expect((await makeToolsTar()).equals(committed)).toBe(true);
    expect(committed.every((b) => b < 0x80)).toBe(true);
  });
});

describe('lab dockerignore (real engine)', () => {
  it('builds when .dockerignore excludes the Dockerfile, and COPY . . does not copy it (Docker\'s documented behaviour)', async () => {
    const report = await gradeSubmission({
      labId: 'dockerignore',
      docker,
      files: {
        Dockerfile: 'FROM layerlab/node:18\nWORKDIR /app\nCOPY . .\nRUN test ! -e Dockerfile && test ! -e .dockerignore && test -e src/server.js\nRUN npm install\nEXPOSE 3000\nCMD ["npm", "start"]\n',
        '.dockerignore': 'Dockerfile\n.dockerignore\nnode_modules\n.git\n.env\nlogs\ncoverage\n**/*.log\n',
      },
    });
    gradeIds.push(report.gradeId!);
    expect(checkOf(report, 'builds').passed).toBe(true);
    expect(report.score).toBe(report.maxScore);
  });
});

describe('lab layer-history (real engine)', () => {
  it('shows expected vs actual per line and marks the first difference', async () => {
    const df = 'FROM layerlab/busybox\nRUN mkdir /app\nWORKDIR /app\nRUN echo "Hello Docker Layers!" > hello.txt\nCMD ["cat", "hello.txt"]\n';
    const report = await gradeSubmission({ labId: 'layer-history', files: { Dockerfile: df }, docker });
    gradeIds.push(report.gradeId!);
    const fb = checkOf(report, 'history-matches').feedback;
    const rows = fb.split('\n').filter((l) => /^\s+(>>| x|  )\s+\d /.test(l));
    expect(rows).toHaveLength(5);
    expect(rows[2]).toMatch(/RUN echo "Hello Docker Layers!" > hello\.txt\s+21B\s+RUN echo "Hello Docker Layers!" > hello\.txt\s+21B\s+4\s+ok$/);
    expect(rows[3]).toMatch(/^\s+>>\s+4\s+RUN chmod \+x hello\.txt\s+21B\s+CMD \["cat","hello\.txt"\]\s+0B\s+5\s+differs$/);
    expect(rows[4]).toMatch(/CMD \["cat","hello\.txt"\]\s+\(nothing more\)\s+missing$/);
    expect(checkOf(report, 'prints-hello').passed).toBe(true);
  });
});

describe('lab no-secret (real engine)', () => {
  it('finds a token that a RUN copied elsewhere, as well as the deleted original', async () => {
    const dockerfile = 'FROM layerlab/node:18\nWORKDIR /app\nCOPY . .\nRUN node registry/fetch.js .registry-token greeter vendor && cp .registry-token src/token.txt && rm .registry-token\nCMD ["npm", "start"]\n';
    const r = await gradeSubmission({ labId: 'no-secret', docker, files: { Dockerfile: dockerfile } });
    gradeIds.push(r.gradeId!);
    const f = checkOf(r, 'token-absent');
    expect(f.passed).toBe(false);
    expect(f.feedback).toMatch(/in the file `\/app\/src\/token\.txt` of layer \d+\/\d+, created by line 4 `RUN node registry/);
    expect(f.feedback).toContain('in the file `/app/.registry-token`');
    expect(checkOf(r, 'app-runs').passed).toBe(true);
  });
});

afterAll(async () => {
  if (!docker || gradeIds.length === 0) return;
  // Every image and container a grade makes carries the label layerlab.grade=<id>; the grade removes them.
  const ours = (labels: Record<string, string> | undefined) => gradeIds.includes(labels?.['layerlab.grade'] ?? '');
  let left: string[] = [];
  for (let i = 0; i < 20; i++) {
    left = [
      ...(await docker.listContainers({ all: true })).filter((c) => ours(c.Labels)).map((c) => `container ${c.Id}`),
      ...(await docker.listImages({ all: true })).filter((x) => ours(x.Labels)).map((x) => `image ${x.Id}`),
    ];
    if (left.length === 0) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  expect(left).toEqual([]);
});
