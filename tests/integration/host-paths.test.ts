/**
 * Submitted names are exact, and no grade shows a path of the grading host (issue 7 item 7), against
 * the real sandbox engine. Every lab's solution and wrong cases are checked for host paths by the
 * shared helper (tests/helpers/lab-cases.ts → host-paths.ts); these are the dedicated cases.
 */
import path from 'node:path';
import type Docker from 'dockerode';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBaseImages } from '../../grader/engine/base-images';
import { ensureEngine } from '../../grader/engine/daemon';
import { submissionProblems } from '../../grader/context';
import { gradeSubmission, type GradeEvent } from '../../grader/grade';
import { submissionSchemaFor } from '../../lib/validations/submission';
import { loadLab } from '../../grader/labs';
import { hostPathLeaks } from '../helpers/host-paths';

let docker: Docker;
beforeAll(async () => {
  docker = await ensureEngine();
  await ensureBaseImages(docker);
});

async function grade(labId: string, files: Record<string, string>, allowAnyPath = false) {
  const events: GradeEvent[] = [];
  const report = await gradeSubmission({ labId, files, docker, allowAnyPath, onEvent: (e) => events.push(e) });
  return { report, built: events.some((e) => e.type === 'build-start') };
}

describe('submitted names are exact (real engine)', () => {
  it('refuses `Dockerfile/x` before any build, in the grader and in the web validation alike', async () => {
    const { report, built } = await grade('combine-run', { 'Dockerfile/x': 'FROM layerlab/busybox\n' });
    expect(built).toBe(false);
    expect(report.score).toBe(0);
    const expected = '"Dockerfile/x" puts a file inside "Dockerfile", but "Dockerfile" is a file in this lab, not a folder: submit exactly Dockerfile.';
    expect(report.checks[0].feedback).toBe(`The submission was rejected: ${expected}`);
    expect(hostPathLeaks(report)).toEqual([]);

    const lab = await loadLab('combine-run');
    const web = submissionSchemaFor(lab.submit).safeParse({ files: { 'Dockerfile/x': 'FROM layerlab/busybox\n' } });
    expect(web.success).toBe(false);
    expect(web.error?.issues.map((i) => i.message)).toContain(expected);
  });

  it('a folder entry is written with a trailing `/` in lab.yaml and admits the files under it', async () => {
    const lab = await loadLab('hostile', { labsDir: path.resolve('tests/fixtures/labs') });
    expect(lab.submit).toEqual(['Dockerfile', '.dockerignore', 'app/']);
    expect(submissionProblems({ Dockerfile: 'FROM layerlab/busybox', 'app/hello.sh': 'echo hi' }, lab.submit)).toEqual([]);
    expect(submissionProblems({ app: 'x' }, lab.submit)).toEqual(['This lab does not accept "app": submit exactly Dockerfile, .dockerignore, app/.']);
  });

  it('a trusted caller (CLI, lab:check) may not put a file inside a submitted file either', async () => {
    const { report, built } = await grade('combine-run', { Dockerfile: 'FROM layerlab/busybox\n', 'Dockerfile/x': 'y' }, true);
    expect(built).toBe(false);
    expect(report.checks[0].feedback).toContain('"Dockerfile/x" puts a file inside "Dockerfile", which is a file, not a folder.');
  });
});

describe('no host path in any report (real engine)', () => {
  it('scrubs the engine path of a container root file system (COPY into a file)', async () => {
    const { report, built } = await grade('combine-run', { Dockerfile: 'FROM layerlab/busybox\nCOPY tools.tar /bin/sh/x\n' });
    expect(built).toBe(true);
    const feedback = report.checks.find((c) => c.id === 'builds')!.feedback;
    // The engine says `lstat <data-root>/overlay2/<id>/merged/bin/busybox/x`; the student reads the path in the image.
    expect(feedback).toContain('line 2 `COPY tools.tar /bin/sh/x`: failed to copy files: lstat <image>/bin/busybox/x: not a directory');
    expect(report.log).toContain('lstat <image>/bin/busybox/x');
    expect(hostPathLeaks(report)).toEqual([]);
  });

  it('a missing COPY source names the file, not a host path', async () => {
    const { report } = await grade('combine-run', { Dockerfile: 'FROM layerlab/busybox\nCOPY missing.tar /tmp/\n' });
    const feedback = report.checks.find((c) => c.id === 'builds')!.feedback;
    expect(feedback).toContain('line 2 `COPY missing.tar /tmp/`');
    expect(feedback).toContain('stat missing.tar: file does not exist');
    expect(hostPathLeaks(report)).toEqual([]);
  });
});
