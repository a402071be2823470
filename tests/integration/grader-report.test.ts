/**
 * The student report on real builds (cache-order lab): the lesson's Dockerfile.bad
 * (labs/cache-order/wrong/bad-order) must get a cache diff for build `source-edit` whose first miss is
 * the `COPY . .` line, caused by src/app.js, with every later step rebuilt because of it.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBaseImages } from '../../grader/engine/base-images';
import { ensureEngine } from '../../grader/engine/daemon';
import { gradeSubmission, type GradeReport } from '../../grader/grade';
import { reportJson } from '../../grader/report/text';
import { OUTPUT_CAPS } from '../../lib/grading/limits';
import { GradeReportSchema, parseStoredReport, PublishedReportSchema, toStoredReport } from '../../lib/grading/report';

let docker: Docker;

beforeAll(async () => {
  docker = await ensureEngine();
  await ensureBaseImages(docker);
});

describe('report on cache-order (real engine)', () => {
  it('explains the lesson\'s Dockerfile.bad: first miss at `COPY . .` because src/app.js changed', async () => {
    const dockerfile = await fs.readFile(path.join('labs', 'cache-order', 'wrong', 'bad-order', 'Dockerfile'), 'utf8');
    const copyLine = dockerfile.split('\n').findIndex((l) => l.trim() === 'COPY . .') + 1;
    const scored: GradeReport[] = [];
    const report = await gradeSubmission({ labId: 'cache-order', files: { Dockerfile: dockerfile }, docker, onScored: async (r) => void scored.push(r) });

    // Score first: the scored report came once, before the explorer, and the final one only adds it.
    expect(scored).toHaveLength(1);
    expect(scored[0].layersPending).toBe(true);
    expect(scored[0].layers).toBeUndefined();
    expect(report.layersPending).toBeUndefined();
    const { layers: _explorer, ...final } = report;
    const { layersPending: _pending, ...early } = scored[0];
    expect(early).toEqual(final);

    const diff = report.cacheDiffs.find((d) => d.build === 'source-edit');
    expect(diff, JSON.stringify(report.cacheDiffs)).toBeDefined();
    expect(diff!.changedFiles).toEqual(['src/app.js']);
    expect(diff!.firstMiss).toMatchObject({ line: copyLine, instruction: 'COPY . .', cause: { kind: 'files', files: ['src/app.js'] } });
    const install = report.builds.find((b) => b.name === 'source-edit')!.steps.find((s) => /npm install/.test(s.instruction))!;
    expect(diff!.rebuilt.map((s) => s.n)).toContain(install.n);
    expect(diff!.summary).toContain(`first miss at line ${copyLine} \`COPY . .\` because src/app.js changed`);

    const dep = report.cacheDiffs.find((d) => d.build === 'dep-edit');
    expect(dep!.firstMiss).toMatchObject({ line: copyLine, cause: { kind: 'files', files: ['package.json'] } });

    // Steps: line, duration and layer size. The initial install is slow and big; the cached FROM/WORKDIR are not.
    const initial = report.builds.find((b) => b.name === 'initial')!;
    for (const s of initial.steps) {
      expect(s.line).toBeGreaterThan(0);
      expect(s.durationMs).toBeGreaterThanOrEqual(0);
      expect(s.sizeBytes).toBeGreaterThanOrEqual(0);
    }
    const firstInstall = initial.steps.find((s) => /npm install/.test(s.instruction))!;
    expect(firstInstall.sizeBytes).toBeGreaterThan(100_000);
    expect(firstInstall.durationMs).toBeGreaterThan(100);
    expect(firstInstall.durationMs).toBeLessThanOrEqual(initial.durationMs);

    // The failing cache check explains itself and links the lesson.
    const cacheCheck = report.checks.find((c) => c.id === 'source-edit-keeps-install-cached')!;
    expect(cacheCheck.passed).toBe(false);
    expect(cacheCheck.help?.why).toContain('`COPY . .` takes src/app.js');
    expect(cacheCheck.help?.lessonUrl).toMatch(/^\/lessons\/.+#.+/);

    // The layer explorer: every build's final image layer by layer (base layers summarised, own layers
    // with their Dockerfile line and files, capped), from the grade's one image read.
    expect(report.layers?.map((b) => b.build)).toEqual(report.builds.filter((b) => b.ok).map((b) => b.name));
    expect(report.layers?.map((b) => b.build)).toContain('dep-edit');
    const explorer = report.layers!.find((b) => b.build === 'dep-edit')!;
    expect(explorer.layers[0]).toMatchObject({ index: 0, base: true, files: [] });
    expect(explorer.layers[0].moreFiles).toBe(explorer.layers[0].fileCount);
    const depInstall = report.builds.find((b) => b.name === 'dep-edit')!.steps.find((s) => /npm install/.test(s.instruction))!;
    const installLayer = explorer.layers.find((l) => l.line === depInstall.line)!;
    expect(installLayer.instruction).toBe(depInstall.instruction);
    expect(installLayer.sizeBytes).toBeGreaterThan(100_000);
    expect(installLayer.files.length).toBeGreaterThan(0);
    expect(installLayer.files.length).toBeLessThanOrEqual(OUTPUT_CAPS.explorerFilesPerLayer);
    expect(installLayer.files.every((f) => f.change !== 'deleted' && f.path.startsWith('/'))).toBe(true);
    expect(installLayer.files.some((f) => f.path.startsWith('/app/node_modules/dayjs/'))).toBe(true);
    expect(installLayer.files.length + installLayer.moreFiles).toBeLessThanOrEqual(installLayer.fileCount);
    expect(explorer.layers.reduce((s, l) => s + l.files.length, 0)).toBeLessThanOrEqual(OUTPUT_CAPS.explorerFilesPerBuild);
    expect(explorer.layers.map((l) => l.index)).toEqual(explorer.layers.map((_, i) => i));

    // The one report contract (lib/grading/report.ts) reads the real grade's report: strictly as the
    // grader returns it, as the worker stores it, and as the web reads it back.
    const strict = GradeReportSchema.safeParse(report);
    expect(strict.success, JSON.stringify(strict.error?.issues)).toBe(true);
    const stored = toStoredReport(report);
    expect(PublishedReportSchema.safeParse(stored).success).toBe(true);
    expect(parseStoredReport(stored)).toEqual(stored);

    // The CLI's --json carries all of it, and the issue-2 shape is a subset.
    const json = reportJson(report);
    expect(PublishedReportSchema.safeParse(json).success).toBe(true);
    expect(json.cacheDiffs.length).toBe(2);
    expect(json.layers).toEqual(report.layers);
    expect(Object.keys(json.builds[0].steps[0])).toEqual(expect.arrayContaining(['n', 'instruction', 'cached', 'line', 'durationMs', 'sizeBytes']));
    expect(Object.keys(json.checks[0])).toEqual(expect.arrayContaining(['id', 'title', 'passed', 'points', 'maxPoints', 'feedback']));
  });
});
