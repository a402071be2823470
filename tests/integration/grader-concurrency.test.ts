/**
 * Concurrent grades on one engine stay apart without a per-grade copy of the base image (grade.ts,
 * `cachefrom`): two identical submissions graded at the same time never reuse each other's layers.
 * Real sandbox engine, cache-order lab.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBaseImages } from '../../grader/engine/base-images';
import { ensureEngine } from '../../grader/engine/daemon';
import { gradeSubmission, type GradeReport } from '../../grader/grade';

const LAB = 'cache-order';
const CACHE_CHECK = 'source-edit-keeps-install-cached';
let docker: Docker;

const caseFile = (...p: string[]) => fs.readFile(path.join('labs', LAB, ...p), 'utf8');
const installStep = (r: GradeReport, build: string) => r.builds.find((b) => b.name === build)!.steps.find((s) => /^RUN npm install/.test(s.instruction))!;
const cacheCheck = (r: GradeReport) => r.checks.find((c) => c.id === CACHE_CHECK)!;

beforeAll(async () => {
  docker = await ensureEngine();
  await ensureBaseImages(docker);
});

describe('concurrent grades of identical submissions (real engine)', () => {
  it('two identical wrong cache-order submissions graded at the same time both fail the cache check', async () => {
    const dockerfile = await caseFile('wrong', 'bad-order', 'Dockerfile');
    const reports = await Promise.all([0, 1].map(() => gradeSubmission({ labId: LAB, files: { Dockerfile: dockerfile }, docker })));
    expect(reports[0].gradeId).not.toBe(reports[1].gradeId);
    for (const r of reports) {
      expect(r.builds.map((b) => b.ok)).toEqual([true, true, true]);
      // The install of `source-edit` ran again in each grade: the other grade's identical layers
      // (same instructions, same files but for the nonce) were never a cache hit.
      expect(installStep(r, 'source-edit').cached).toBe(false);
      expect(cacheCheck(r).passed).toBe(false);
      expect(r.score).toBe(60); // labs/cache-order/wrong/bad-order/expect.yaml
    }
  });

  it('two identical reference solutions graded at the same time both keep their own install cached', async () => {
    // The steps before the first COPY (FROM, WORKDIR) are the same in both grades: a concurrent
    // grade's newer copy of them must not hide this grade's own cached install.
    const dockerfile = await caseFile('solution', 'Dockerfile');
    const reports = await Promise.all([0, 1].map(() => gradeSubmission({ labId: LAB, files: { Dockerfile: dockerfile }, docker })));
    for (const r of reports) {
      expect(installStep(r, 'source-edit').cached).toBe(true);
      expect(installStep(r, 'dep-edit').cached).toBe(false);
      expect(cacheCheck(r).passed).toBe(true);
      expect(r.score).toBe(r.maxScore);
    }
  });
});
