/**
 * The combine-run lab against the real sandbox engine: the reference solution scores full, every
 * wrong/ case gets exactly the score and failing checks of its expect.yaml, and the feedback is the
 * waste map (bytes, the line that added, the line that deleted).
 */
import { promises as fs } from 'node:fs';
import type Docker from 'dockerode';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBaseImages } from '../../grader/engine/base-images';
import { ensureEngine } from '../../grader/engine/daemon';
import { makeToolsTar, TOOLS_TAR } from '../../labs/combine-run/tools/make-tools-tar';
import { checkOf, gradeLabCases } from '../helpers/lab-cases';

let docker: Docker;
beforeAll(async () => {
  docker = await ensureEngine();
  await ensureBaseImages(docker);
});

describe('lab combine-run (real engine)', () => {
  it('ships the archive its generator makes (deterministic, ASCII)', async () => {
    const committed = await fs.readFile(TOOLS_TAR);
    expect((await makeToolsTar()).equals(committed)).toBe(true);
    expect(committed.every((b) => b < 0x80)).toBe(true);
  });

  // Every case of the lab, one after the other: longer than one grade (integration testTimeout).
  it('grades the solution and every wrong case as expect.yaml says', { timeout: 900_000 }, async () => {
    const graded = await gradeLabCases(docker, 'combine-run');
    expect(graded.map((g) => g.name)).toEqual(expect.arrayContaining(['solution', 'wrong/separate-cleanup', 'wrong/copy-archive', 'wrong/no-cleanup', 'wrong/one-step-per-run']));
    for (const g of graded) expect(g.problems, g.name).toEqual([]);

    const solution = graded.find((g) => g.name === 'solution')!.report;
    expect(checkOf(solution, 'no-waste').feedback).toMatch(/^Your image wastes 0 B/);
    expect(checkOf(solution, 'few-layers').feedback).toMatch(/adds 2 layers/);

    // The two-stage spelling: every step carries its stage, and both stages ship (FROM unpack).
    const twoStage = graded.find((g) => g.name === 'wrong/two-stage-one-step-per-run')!.report.builds[0].steps;
    expect(twoStage.map((s) => [s.line, s.stage, s.ships])).toEqual([
      [3, 'unpack', true], [4, 'unpack', true], [5, 'unpack', true],
      [7, 'stage 2', true], [8, 'stage 2', true], [9, 'stage 2', true], [10, 'stage 2', true], [11, 'stage 2', true],
    ]);
    const single = graded.find((g) => g.name === 'solution')!.report.builds[0].steps;
    expect(single.every((s) => s.stage === undefined && s.failed === undefined)).toBe(true);

    const steps = graded.find((g) => g.name === 'wrong/one-step-per-run')!.report;
    const map = checkOf(steps, 'no-waste').feedback;
    expect(map).toContain('`/var/cache/layertools` (3 files), 3.15 MB: added by line 4 `RUN /opt/layertools/install.sh`, deleted by line 5 `RUN rm -rf /var/cache/layertools`');
    expect(map).toContain('`/tmp/tools.tar`, 6.66 kB: added by line 2 `COPY tools.tar /tmp/`, deleted by line 6 `RUN rm /tmp/tools.tar`');
  });
});
