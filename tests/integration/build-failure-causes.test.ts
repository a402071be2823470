/**
 * A failed build's feedback shows why (issue 7 item 4), against the real sandbox engine: each
 * well-known cause of grader/report/build-failure-causes.ts is reproduced with the fixture lab
 * tests/fixtures/labs/build-failures (a TypeScript app, typescript as a devDependency, no lock file),
 * and the feedback must show the lines that explain it, its cause and the fix. The suggested fix of
 * the permission case is graded too, to prove that it works.
 */
import path from 'node:path';
import type Docker from 'dockerode';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBaseImages } from '../../grader/engine/base-images';
import { ensureEngine } from '../../grader/engine/daemon';
import { gradeSubmission, type GradeReport } from '../../grader/grade';
import { hostPathLeaks } from '../helpers/host-paths';

const LABS = { labsDir: path.resolve('tests/fixtures/labs') };
let docker: Docker;
beforeAll(async () => {
  docker = await ensureEngine();
  await ensureBaseImages(docker);
});

async function grade(files: Record<string, string>): Promise<GradeReport> {
  const report = await gradeSubmission({ labId: 'build-failures', labs: LABS, files, docker });
  expect(hostPathLeaks(report)).toEqual([]);
  return report;
}
const check = (r: GradeReport, id: string) => r.checks.find((c) => c.id === id)!;

describe('well-known build failures (real engine)', () => {
  it('WORKDIR created as root before USER: npm\'s EACCES lines, the cause and a fix that works', async () => {
    const r = await grade({ Dockerfile: 'FROM layerlab/node:18\nWORKDIR /app\nCOPY package.json tsconfig.json ./\nUSER node\nRUN npm install\n' });
    const b = check(r, 'builds');
    expect(b.passed).toBe(false);
    // The lines that explain it come first, although npm prints its advice and log path after them.
    expect(b.feedback).toMatch(/Output \(the lines that explain it, then the last lines\):\nnpm ERR! code EACCES\nnpm ERR! syscall mkdir\nnpm ERR! path \/app\/node_modules\n/);
    expect(b.feedback).toContain("npm ERR! Error: EACCES: permission denied, mkdir '/app/node_modules'");
    expect(b.feedback).toContain('Likely cause: line 2 `WORKDIR /app` created `/app` as root, and line 4 `USER node` runs the install as `node`, who may not write there.');
    expect(b.help?.why).toMatch(/WORKDIR creates its folder owned by root/);
    expect(b.help?.fix).toContain('`RUN chown node /app`');
    expect(r.builds[0].error).toContain('Likely cause: line 2 `WORKDIR /app`');

    // The fix as suggested: the folder belongs to node before USER node.
    const fixed = await grade({ Dockerfile: 'FROM layerlab/node:18\nWORKDIR /app\nRUN chown node /app\nCOPY package.json tsconfig.json ./\nUSER node\nRUN npm install\nCOPY src/ ./src/\nRUN npm run build\nCMD ["npm", "start"]\n' });
    expect(fixed.score).toBe(100);
  });

  it('npm ci without a lock file', async () => {
    const r = await grade({ Dockerfile: 'FROM layerlab/node:18\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\n' });
    // The step table marks the step the build failed at (it committed nothing), and only that one.
    expect(r.builds[0].steps.filter((st) => st.failed).map((st) => st.line)).toEqual([4]);
    const b = check(r, 'builds');
    expect(b.feedback).toMatch(/npm ERR! code EUSAGE\nnpm ERR! The `npm ci` command can only install with an existing package-lock\.json or\n…/);
    expect(b.feedback).toContain('Likely cause: line 4 `RUN npm ci` runs `npm ci`, which needs a package-lock.json');
    expect(b.help?.why).toContain('This build context has no package-lock.json at all.');
    expect(b.help?.fix).toMatch(/^Use `npm install`/);
  });

  it('tsc: not found because NODE_ENV=production skipped the devDependencies', async () => {
    const r = await grade({ Dockerfile: 'FROM layerlab/node:18\nWORKDIR /app\nENV NODE_ENV=production\nCOPY package.json tsconfig.json ./\nRUN npm install\nCOPY src/ ./src/\nRUN npm run build\nCMD ["npm", "start"]\n' });
    const b = check(r, 'builds');
    expect(b.feedback).toMatch(/failed at line 7 `RUN npm run build`: The command .* returned a non-zero code: 127/);
    expect(b.feedback).toContain('sh: 1: tsc: not found');
    expect(b.feedback).toContain('Likely cause: `tsc` was not found because line 3 `ENV NODE_ENV=production` sets NODE_ENV=production, so line 5 `RUN npm install` skipped the devDependencies.');
    expect(b.help?.fix).toContain('--include=dev');
  });

  it('COPY of a path the context lacks, and of one .dockerignore excluded (the engine says the same for both)', async () => {
    const missing = await grade({ Dockerfile: 'FROM layerlab/node:18\nWORKDIR /app\nCOPY package.json tsconfig.json ./\nCOPY app/ ./src/\n' });
    const m = check(missing, 'builds');
    expect(m.feedback).toContain('COPY failed: file not found in build context or excluded by .dockerignore: stat app/: file does not exist');
    expect(m.feedback).toContain('Likely cause: line 4 `COPY app/ ./src/` copies `app`, which is not in the build context.');
    expect(m.help?.why).toContain('The build context holds: `package.json`, `src`, `tsconfig.json`.');

    const ignored = await grade({ '.dockerignore': 'src\n', Dockerfile: 'FROM layerlab/node:18\nWORKDIR /app\nCOPY package.json tsconfig.json ./\nCOPY src/ ./src/\n' });
    const i = check(ignored, 'builds');
    expect(i.feedback).toContain('stat src/: file does not exist');
    expect(i.feedback).toContain('Likely cause: line 4 `COPY src/ ./src/` copies `src`, which your .dockerignore keeps out of the build context.');
    expect(i.help?.why).toContain('Your .dockerignore left out `src/app.ts`');
  });

  it('COPY --from a stage of a path it does not have (relative to the stage\'s WORKDIR, as people write it)', async () => {
    const r = await grade({ Dockerfile: 'FROM layerlab/node:18 AS build\nWORKDIR /app\nRUN mkdir dist && echo x > dist/a.js\nFROM layerlab/node:18\nWORKDIR /app\nCOPY --from=build dist ./dist\n' });
    const b = check(r, 'builds');
    expect(b.feedback).toContain('COPY failed: stat dist: file does not exist');
    expect(b.feedback).toContain('Likely cause: line 6 `COPY --from=build dist ./dist` copies `/dist` from `build`, which has no such path.');
    expect(b.help?.fix).toContain('`/app/dist`');
  });

  it('exec form with single quotes: RUN fails at build time, CMD when the container starts', async () => {
    const run = await grade({ Dockerfile: "FROM layerlab/node:18\nWORKDIR /app\nCOPY package.json ./\nRUN ['npm','install']\n" });
    const b = check(run, 'builds');
    expect(b.feedback).toContain('/bin/sh: 1: [npm,install]: not found');
    expect(b.feedback).toContain("Likely cause: line 4 `RUN ['npm','install']` is not valid JSON (single quotes), so Docker ran it through /bin/sh as a command named `[npm,install]`.");
    expect(b.help?.fix).toBe('Write it with double quotes: `RUN ["npm","install"]`.');

    const cmd = await grade({ Dockerfile: "FROM layerlab/node:18\nWORKDIR /app\nCOPY package.json tsconfig.json ./\nRUN npm install\nCOPY src/ ./src/\nRUN npm run build\nCMD ['npm', 'start']\n" });
    expect(check(cmd, 'builds').passed).toBe(true);
    const a = check(cmd, 'app-runs');
    expect(a.passed).toBe(false);
    expect(a.feedback).toContain('/bin/sh: 1: [npm,: not found');
    expect(a.feedback).toContain("Likely cause: line 7 `CMD ['npm', 'start']` is not valid JSON (single quotes), so Docker ran it through /bin/sh as a command named `[npm,`.");
    expect(a.help?.why).toContain('when the container starts');
    expect(a.help?.fix).toBe('Write it with double quotes: `CMD ["npm", "start"]`.');
  });
});
