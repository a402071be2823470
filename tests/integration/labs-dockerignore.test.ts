/**
 * The dockerignore lab against the real sandbox engine: the reference solution scores full, every
 * wrong/ case matches its expect.yaml, and Docker's documented behaviour for an excluded Dockerfile
 * holds (still sent, so it builds; not copied by `COPY . .`).
 */
import type Docker from 'dockerode';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBaseImages } from '../../grader/engine/base-images';
import { ensureEngine } from '../../grader/engine/daemon';
import { gradeSubmission } from '../../grader/grade';
import { checkOf, gradeLabCases } from '../helpers/lab-cases';

let docker: Docker;
beforeAll(async () => {
  docker = await ensureEngine();
  await ensureBaseImages(docker);
});

describe('lab dockerignore (real engine)', () => {
  // Every case of the lab, one after the other: longer than one grade (integration testTimeout).
  it('grades the solution and every wrong case as expect.yaml says', { timeout: 900_000 }, async () => {
    const graded = await gradeLabCases(docker, 'dockerignore');
    expect(graded.map((g) => g.name)).toEqual(
      expect.arrayContaining(['solution', 'wrong/no-dockerignore', 'wrong/copies-only-src', 'wrong/star-log-only', 'wrong/ignores-source']),
    );
    for (const g of graded) expect(g.problems, g.name).toEqual([]);

    const solution = graded.find((g) => g.name === 'solution')!.report;
    expect(checkOf(solution, 'small-context').feedback).toMatch(/The context of build `initial` was [\d.]+ kB in \d+ files \(at most 100 kB\)\..*left out \d+ files/);
    const none = graded.find((g) => g.name === 'wrong/no-dockerignore')!.report;
    expect(checkOf(none, 'small-context').feedback).toMatch(/was 4\.\d+ MB in \d+ files; at most 100 kB is needed\. Largest parts: `node_modules\/` 3\.\d+ MB/);
    expect(checkOf(none, 'private-paths-excluded').feedback).toContain('`.env` is in the image: `/app/.env` is there, copied by line 9 `COPY . .`');
  });

  it('builds when .dockerignore excludes the Dockerfile, and COPY . . does not copy it (Docker\'s documented behaviour)', async () => {
    const report = await gradeSubmission({
      labId: 'dockerignore',
      docker,
      files: {
        Dockerfile: 'FROM layerlab/node:18\nWORKDIR /app\nCOPY . .\nRUN test ! -e Dockerfile && test ! -e .dockerignore && test -e src/server.js\nRUN npm install\nEXPOSE 3000\nCMD ["npm", "start"]\n',
        '.dockerignore': 'Dockerfile\n.dockerignore\nnode_modules\n.git\n.env\nlogs\ncoverage\n',
      },
    });
    expect(checkOf(report, 'builds').passed).toBe(true);
    expect(report.score).toBe(report.maxScore);
  });
});
