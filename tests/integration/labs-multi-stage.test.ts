/**
 * The multi-stage lab against the real sandbox engine: the reference solution scores full (its size
 * compared with the single-stage reference Dockerfile built by the grader), and every wrong/ case
 * matches its expect.yaml.
 */
import type Docker from 'dockerode';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBaseImages } from '../../grader/engine/base-images';
import { ensureEngine } from '../../grader/engine/daemon';
import { checkOf, gradeLabCases } from '../helpers/lab-cases';

let docker: Docker;
beforeAll(async () => {
  docker = await ensureEngine();
  await ensureBaseImages(docker);
});

describe('lab multi-stage (real engine)', () => {
  // Every case of the lab, one after the other: longer than one grade (integration testTimeout).
  it('grades the solution and every wrong case as expect.yaml says', { timeout: 900_000 }, async () => {
    const graded = await gradeLabCases(docker, 'multi-stage');
    expect(graded.map((g) => g.name)).toEqual(
      expect.arrayContaining(['solution', 'wrong/single-stage', 'wrong/prune-later', 'wrong/no-runtime-deps', 'wrong/copy-whole-builder']),
    );
    for (const g of graded) expect(g.problems, g.name).toEqual([]);

    const size = (name: string) => checkOf(graded.find((g) => g.name === name)!.report, 'smaller-than-single-stage').feedback;
    // Both sizes in the feedback; the solution adds a small fraction of the single-stage build.
    expect(size('solution')).toMatch(/^The final image adds [\d.]+ [kM]B: \d+% of the single-stage build's 2\d\.\d MB \(at most 40% allowed\) on top of layerlab\/node:18/);
    expect(size('wrong/prune-later')).toMatch(/Largest layers of the final stage: line \d+ `RUN npm install --include=dev` 2\d\.\d MB/);
  });
});
