/**
 * History as Docker records it (issue 7 item 6), against the real engine: build a Dockerfile with
 * shell and exec forms, `RUN /bin/sh -c …`, ARGs (values with blanks, one overridden by ENV), ENV and
 * LABEL with several pairs, relative WORKDIRs, a SHELL change and `#(nop)` entries; read the image's
 * history (`docker history --no-trunc`) and check that every entry reaches the same canonical text
 * as the Dockerfile line that made it, and that the spellings Docker records differently stay apart.
 */
import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../lib/dockerfile/parse';
import { ensureBaseImages } from '../../grader/engine/base-images';
import { DEFAULT_BUILD_LIMITS, runBuild } from '../../grader/engine/build';
import { GRADE_TAG_PREFIX } from '../../grader/engine/cleanup';
import { ensureEngine } from '../../grader/engine/daemon';
import { historyInstructions, targetInstructions } from '../../grader/inspect/history-match';

const DOCKERFILE = `FROM layerlab/busybox
RUN echo a
RUN /bin/sh -c 'echo b'
RUN ["echo", "d"]
RUN ["/bin/sh", "-c", "echo e"]
ARG X=y
ARG Y="two words"
ARG Z
RUN echo $X
ENV X=override
RUN echo f
ENV A=1 B="x y" C=$A
ENV D 1 2
LABEL l1=1 l2="a b" l3=$A
WORKDIR app
WORKDIR sub
EXPOSE 3000 80/udp
VOLUME ["/v1", "/v2"]
CMD echo hi
SHELL ["/bin/sh", "-ec"]
RUN echo g
ENV E=1
RUN ["echo", "h"]
CMD ["cat", "x"]
`;

let docker: Docker;
const tag = `${GRADE_TAG_PREFIX}history-${randomBytes(4).toString('hex')}:t`;
beforeAll(async () => {
  docker = await ensureEngine();
  await ensureBaseImages(docker);
});
afterAll(async () => {
  await docker.getImage(tag).remove({ force: true }).catch(() => undefined);
});

describe('history as Docker records it (real engine)', () => {
  it('every entry reads like the instruction that made it', async () => {
    const built = await runBuild({ docker, files: new Map([['Dockerfile', DOCKERFILE]]), tag, limits: DEFAULT_BUILD_LIMITS });
    expect(built.error).toBeUndefined();
    const history = (await docker.getImage(tag).history()) as { CreatedBy: string }[];
    const oldestFirst = history.map((h) => h.CreatedBy).reverse();
    const instructions = parseDockerfile(DOCKERFILE).instructions.slice(1).map((i) => i.text);
    const recorded = oldestFirst.slice(oldestFirst.length - instructions.length);
    // What Docker really wrote, for the spellings the task talks about.
    expect(recorded[0]).toBe('/bin/sh -c echo a');
    expect(recorded[1]).toBe("/bin/sh -c /bin/sh -c 'echo b'");
    expect(recorded[2]).toBe('echo d');
    expect(recorded[3]).toBe('/bin/sh -c echo e');
    expect(recorded[7]).toBe('|2 X=y Y=two words /bin/sh -c echo $X');
    expect(recorded[10]).toBe('/bin/sh -c #(nop)  ENV A=1 B=x y C=');
    expect(recorded[12]).toBe('/bin/sh -c #(nop)  LABEL l1=1 l2=a b l3=1');
    expect(recorded[14]).toBe('/bin/sh -c #(nop) WORKDIR /app/sub');
    expect(recorded[18]).toBe('/bin/sh -ec #(nop)  SHELL [/bin/sh -ec]');
    expect(recorded[19]).toBe('|1 Y=two words /bin/sh -ec echo g');
    // Both sides reach the same text, entry by entry.
    const canonical = historyInstructions(oldestFirst).slice(oldestFirst.length - instructions.length);
    expect(canonical).toEqual(targetInstructions(instructions));
    expect(canonical[1]).toBe("RUN /bin/sh -c 'echo b'");
    expect(canonical[2]).toBe('RUN (exec) echo d');
    expect(canonical[3]).toBe('RUN echo e');
  });
});
