/**
 * The no-secret lab against the real sandbox engine: the reference solution scores full, every
 * wrong/ case matches its expect.yaml, the token is fresh on every grade, and a leak is reported with
 * the file, the layer's Dockerfile line and the line that deleted it.
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

describe('lab no-secret (real engine)', () => {
  // Every case of the lab, one after the other: longer than one grade (integration testTimeout).
  it('grades the solution and every wrong case as expect.yaml says', { timeout: 900_000 }, async () => {
    const graded = await gradeLabCases(docker, 'no-secret');
    expect(graded.map((g) => g.name)).toEqual(
      expect.arrayContaining(['solution', 'wrong/copy-then-rm', 'wrong/buildkit-secret-mount', 'wrong/builder-copies-token', 'wrong/no-token', 'wrong/token-in-file-name', 'wrong/token-in-symlink-target']),
    );
    for (const g of graded) expect(g.problems, g.name).toEqual([]);

    const leak = checkOf(graded.find((g) => g.name === 'wrong/copy-then-rm')!.report, 'token-absent').feedback;
    expect(leak).toMatch(/in the file `\/app\/\.registry-token` of layer \d+\/\d+, created by line 3 `COPY \. \.`\. It was deleted later by line 5 `RUN node registry\/fetch\.js/);
    // Names are searched too (issue 7 item 8): the layer and the line that made it, the token masked.
    const named = checkOf(graded.find((g) => g.name === 'wrong/token-in-file-name')!.report, 'token-absent').feedback;
    expect(named).toMatch(/in the name of the file `\/app\/vendor\/\.fetched-with-<token>` of layer \d+\/\d+, created by line 13 `COPY --from=fetch \/build\/vendor \.\/vendor`/);
    const linked = checkOf(graded.find((g) => g.name === 'wrong/token-in-symlink-target')!.report, 'token-absent').feedback;
    expect(linked).toMatch(/in the target of the symlink `\/app\/vendor\/\.source` \(→ `\/registry\/<token>\/greeter`\) of layer \d+\/\d+, created by line 13/);
    for (const f of [named, linked]) expect(f).not.toMatch(/llt_[0-9a-f]{40}/);
    const bk = checkOf(graded.find((g) => g.name === 'wrong/buildkit-secret-mount')!.report, 'builds').feedback;
    expect(bk).toMatch(/needs BuildKit.*classic builder.*memory, CPU and process limits.*multi-stage build/s);
  });

  it('finds a token that a RUN copied elsewhere, as well as the deleted original', async () => {
    const dockerfile = 'FROM layerlab/node:18\nWORKDIR /app\nCOPY . .\nRUN node registry/fetch.js .registry-token greeter vendor && cp .registry-token src/token.txt && rm .registry-token\nCMD ["npm", "start"]\n';
    const r = await gradeSubmission({ labId: 'no-secret', docker, files: { Dockerfile: dockerfile } });
    const f = checkOf(r, 'token-absent');
    expect(f.passed).toBe(false);
    expect(f.feedback).toMatch(/in the file `\/app\/src\/token\.txt` of layer \d+\/\d+, created by line 4 `RUN node registry/);
    expect(f.feedback).toContain('in the file `/app/.registry-token`');
    expect(checkOf(r, 'app-runs').passed).toBe(true);
  });
});
