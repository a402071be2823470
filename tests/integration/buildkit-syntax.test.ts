/**
 * BuildKit-only syntax against the real engine (issue 7 item 3): for every form, what Docker's
 * classic builder really answers (the sandbox engine, build API version 1, network none — the same
 * build the grader runs), and that the grader refuses the same Dockerfile before any build, naming
 * the right line. A `# syntax=` line is ignored by the engine and accepted by the grader.
 */
import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBaseImages } from '../../grader/engine/base-images';
import { DEFAULT_BUILD_LIMITS, runBuild } from '../../grader/engine/build';
import { GRADE_TAG_PREFIX } from '../../grader/engine/cleanup';
import { ensureEngine } from '../../grader/engine/daemon';
import { gradeSubmission, type GradeEvent } from '../../grader/grade';

let docker: Docker;
const tags: string[] = [];
beforeAll(async () => {
  docker = await ensureEngine();
  await ensureBaseImages(docker);
});
afterAll(async () => {
  for (const t of tags) await docker.getImage(t).remove({ force: true }).catch(() => undefined);
});

/** Build with the engine exactly as the grader does (no step before the tested one, so no layer is left). */
async function engineSays(dockerfile: string) {
  const tag = `${GRADE_TAG_PREFIX}bk-${randomBytes(4).toString('hex')}:t`;
  tags.push(tag);
  return runBuild({ docker, files: new Map([['Dockerfile', dockerfile], ['f', 'hi\n'], ['d/y', 'x\n']]), tag, limits: DEFAULT_BUILD_LIMITS });
}

// [the form (line 2 of the Dockerfile), what the classic builder answers, what the grader's refusal says]
const FORMS: [string, RegExp, string][] = [
  ['RUN --mount=type=cache,target=/root/.npm echo hi', /the --mount option requires BuildKit/, 'RUN --mount=type=cache,target=/root/.npm'],
  ['RUN --mount=type=secret,id=t cat /run/secrets/t', /the --mount option requires BuildKit/, 'RUN --mount=type=secret,id=t'],
  ['RUN --network=none echo hi', /Unknown flag: network/, 'RUN --network'],
  ['RUN --security=insecure echo hi', /Unknown flag: security/, 'RUN --security'],
  ['COPY --link f /f', /Unknown flag: link/, 'COPY --link'],
  ['COPY --parents d/y /out/', /Unknown flag: parents/, 'COPY --parents'],
  ['COPY --chmod=755 f /f', /the --chmod option requires BuildKit/, 'COPY --chmod'],
  ['ADD --chmod=755 f /f', /the --chmod option requires BuildKit/, 'ADD --chmod'],
  ['ADD --checksum=sha256:0000000000000000000000000000000000000000000000000000000000000000 f /f', /Unknown flag: checksum/, 'ADD --checksum'],
  ['ADD --keep-git-dir=true f /f', /Unknown flag: keep-git-dir/, 'ADD --keep-git-dir'],
  ['COPY --exclude=*.txt f /f', /Unknown flag: exclude/, 'COPY --exclude'],
  ['RUN <<EOF\nnpm install\nEOF', /line 3: unknown instruction: NPM/, 'a heredoc (`<<EOF`) needs BuildKit'],
  ['RUN <<-EOF\n\techo hi\n\tEOF', /line 3: unknown instruction: ECHO/, 'a heredoc (`<<-EOF`) needs BuildKit'],
  ['RUN <<"EOF"\nnpm ci\nEOF', /line 3: unknown instruction: NPM/, 'a heredoc (`<<EOF`) needs BuildKit'],
  ['COPY <<EOF /x\nhello\nEOF', /line 3: unknown instruction: HELLO/, 'a heredoc (`<<EOF`) needs BuildKit'],
  ['RUN cat <<EOF > /x\nRUN true\nEOF', /line 4: unknown instruction: EOF/, 'a heredoc (`<<EOF`) needs BuildKit'],
];

describe('BuildKit-only syntax (real engine)', () => {
  it.each(FORMS)('%s', async (form, engineAnswer, feature) => {
    const dockerfile = `FROM layerlab/busybox\n${form}\n`;
    const built = await engineSays(dockerfile);
    expect(built.ok).toBe(false);
    expect(built.error).toMatch(engineAnswer);

    const events: GradeEvent[] = [];
    const report = await gradeSubmission({ labId: 'layer-history', docker, files: { Dockerfile: dockerfile }, onEvent: (e) => events.push(e) });
    expect(events.some((e) => e.type === 'build-start')).toBe(false);
    expect(report.score).toBe(0);
    const feedback = report.checks.find((c) => c.id === 'builds')!.feedback;
    expect(feedback).toMatch(/^Refused before building: Line 2 `/);
    expect(feedback).toContain(feature.startsWith('a heredoc') ? feature : `\`${feature}\` needs BuildKit`);
    expect(feedback).not.toMatch(/Line [3-9]/);
  });

  it.each([['ONBUILD RUN --mount=type=cache,target=/x echo hi'], ['ONBUILD COPY --link f /f']])('%s is stored by the engine and not refused', async (form) => {
    const dockerfile = `FROM layerlab/busybox\n${form}\n`;
    const built = await engineSays(dockerfile);
    expect(built.error).toBeUndefined();
    expect(built.ok).toBe(true);
    const events: GradeEvent[] = [];
    await gradeSubmission({ labId: 'layer-history', docker, files: { Dockerfile: dockerfile }, onEvent: (e) => events.push(e) });
    expect(events.some((e) => e.type === 'build-start')).toBe(true);
  });

  it('a heredoc under ONBUILD fails in the engine and is refused on its line', async () => {
    const dockerfile = 'FROM layerlab/busybox\nONBUILD RUN <<EOF\necho hi\nEOF\n';
    const built = await engineSays(dockerfile);
    expect(built.error).toMatch(/line 3: unknown instruction: ECHO/);
    const report = await gradeSubmission({ labId: 'layer-history', docker, files: { Dockerfile: dockerfile } });
    expect(report.checks.find((c) => c.id === 'builds')!.feedback).toMatch(/^Refused before building: Line 2 `ONBUILD RUN <<EOF`: a heredoc/);
  });

  it('a `# syntax=docker/dockerfile:1` line is ignored by the engine and not refused by the grader', async () => {
    const dockerfile = '# syntax=docker/dockerfile:1\nFROM layerlab/busybox\n';
    const built = await engineSays(dockerfile);
    expect(built.error).toBeUndefined();
    expect(built.ok).toBe(true);
    const events: GradeEvent[] = [];
    await gradeSubmission({ labId: 'layer-history', docker, files: { Dockerfile: dockerfile }, onEvent: (e) => events.push(e) });
    expect(events.some((e) => e.type === 'build-start')).toBe(true);
  });
});
