/**
 * The parser numbers instructions as the engine does (issue 7 item 10), on every test file of the
 * reference parser: each Dockerfile is given to the sandbox engine (classic builder) with
 * `FROM scratch` + a failing `RUN` put in front of its first instruction (after its parser
 * directives), so the engine prints `Step 1/M` and stops at step 2 before any of the file's own
 * instructions runs (nothing is pulled or fetched). M must be 2 + the parser's instruction count.
 * Files the 20.10 engine refuses to parse at all (flags it does not know, CMD before FROM, …) are
 * listed explicitly with the engine's answer.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../lib/dockerfile/parse';
import { ensureBaseImages } from '../../grader/engine/base-images';
import { DEFAULT_BUILD_LIMITS, runBuild } from '../../grader/engine/build';
import { GRADE_TAG_PREFIX } from '../../grader/engine/cleanup';
import { ensureEngine } from '../../grader/engine/daemon';

const dir = path.join(__dirname, '..', '..', 'grader', 'dockerfile', 'testdata', 'buildkit-parser');
const cases = readdirSync(dir).filter((f) => statSync(path.join(dir, f)).isDirectory()).sort();

/** What docker.io 20.10.24's classic builder answers for the files it cannot parse (measured). */
const ENGINE_REFUSES: Record<string, RegExp> = {
  flags: /dockerfile parse error line 5: Unknown flag: user/, // `COPY --user=me` (line 3 of the file)
  health: /dockerfile parse error line 6: HEALTHCHECK requires at least one argument/, // a bare `HEALTHCHECK`
};

let docker: Docker;
const tags: string[] = [];
beforeAll(async () => {
  docker = await ensureEngine();
  await ensureBaseImages(docker);
});
afterAll(async () => {
  for (const t of tags) await docker.getImage(t).remove({ force: true }).catch(() => undefined);
});

describe('step numbering vs the engine, on the reference parser\'s test files', () => {
  it.each(cases)('%s', async (name) => {
    const source = readFileSync(path.join(dir, name, 'Dockerfile'), 'utf8');
    const parsed = parseDockerfile(source);
    const lines = source.split('\n');
    const first = parsed.instructions[0].startLine - 1;
    const probe = [...lines.slice(0, first), 'FROM scratch', 'RUN layerlab-stop-here', ...lines.slice(first)].join('\n');
    const tag = `${GRADE_TAG_PREFIX}parse-${randomBytes(4).toString('hex')}:t`;
    tags.push(tag);
    const built = await runBuild({ docker, files: new Map([['Dockerfile', probe]]), tag, limits: DEFAULT_BUILD_LIMITS });
    expect(built.ok).toBe(false);
    if (ENGINE_REFUSES[name]) {
      expect(built.error).toMatch(ENGINE_REFUSES[name]);
      return;
    }
    expect(built.stream.total).toBe(parsed.instructions.length + 2);
    expect(built.stream.steps.map((s) => s.n)).toEqual([1, 2]);
    expect(built.error).toMatch(/exec: "\/bin\/sh": stat \/bin\/sh: no such file or directory/); // stopped at step 2
  });
});
