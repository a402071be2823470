/**
 * The layer-history lab against the real sandbox engine: the reference solution scores full, every
 * wrong/ case gets exactly the score and failing checks of its expect.yaml.
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

describe('lab layer-history (real engine)', () => {
  // Every case of the lab, one after the other: longer than one grade (integration testTimeout).
  it('grades the solution and every wrong case as expect.yaml says', { timeout: 900_000 }, async () => {
    const graded = await gradeLabCases(docker, 'layer-history');
    expect(graded.map((g) => g.name)).toEqual(expect.arrayContaining(['solution', 'wrong/combined-run', 'wrong/shell-form-cmd', 'wrong/missing-chmod', 'wrong/wrong-text']));
    for (const g of graded) expect(g.problems, g.name).toEqual([]);
    const solution = graded.find((g) => g.name === 'solution')!.report;
    expect(checkOf(solution, 'history-matches').feedback).toMatch(/matches the target: 5 entries on top of layerlab\/busybox, in order, with the expected sizes/);
  });

  it('shows expected vs actual per line and marks the first difference', async () => {
    const df = 'FROM layerlab/busybox\nRUN mkdir /app\nWORKDIR /app\nRUN echo "Hello Docker Layers!" > hello.txt\nCMD ["cat", "hello.txt"]\n';
    const report = await gradeSubmission({ labId: 'layer-history', files: { Dockerfile: df }, docker });
    const fb = checkOf(report, 'history-matches').feedback;
    const rows = fb.split('\n').filter((l) => /^\s+(>>| x|  )\s+\d /.test(l));
    expect(rows).toHaveLength(5);
    expect(rows[2]).toMatch(/RUN echo "Hello Docker Layers!" > hello\.txt\s+21B\s+RUN echo "Hello Docker Layers!" > hello\.txt\s+21B\s+4\s+ok$/);
    expect(rows[3]).toMatch(/^\s+>>\s+4\s+RUN chmod \+x hello\.txt\s+21B\s+CMD \["cat","hello\.txt"\]\s+0B\s+5\s+differs$/);
    expect(rows[4]).toMatch(/CMD \["cat","hello\.txt"\]\s+\(nothing more\)\s+missing$/);
    expect(checkOf(report, 'prints-hello').passed).toBe(true);
  });
});
