/**
 * BuildKit-only syntax is refused before any build, every form of it, naming the line, what the
 * classic builder answers and the classic alternative (issue 7 item 3). The engine's answers quoted
 * here were measured with Debian's docker.io 20.10.24 (see buildkit.ts and
 * tests/integration/buildkit-syntax.test.ts, which checks them against the real engine).
 */
import { describe, expect, it } from 'vitest';
import { buildkitOnlyUses } from './buildkit';
import { parseDockerfile } from '../../lib/dockerfile/parse';
import { checkImagePolicy } from './policy';

const uses = (body: string) => buildkitOnlyUses(parseDockerfile(`FROM layerlab/node:18\nWORKDIR /app\n${body}\n`));

describe('BuildKit-only syntax', () => {
  it.each([
    ['RUN --mount=type=cache,target=/root/.npm npm ci', 'RUN --mount=type=cache,target=/root/.npm', /only speeds up repeated builds.*drop the `--mount=…`/, 'the --mount option requires BuildKit'],
    ['RUN --mount=type=secret,id=npmrc npm ci', 'RUN --mount=type=secret,id=npmrc', /multi-stage build/, 'the --mount option requires BuildKit'],
    ['RUN --mount=target=/src,source=. make', 'RUN --mount=target=/src,source=.', /Use COPY/, 'the --mount option requires BuildKit'],
    ['RUN --mount=type=tmpfs,target=/tmp make', 'RUN --mount=type=tmpfs,target=/tmp', /same RUN that deletes them/, 'the --mount option requires BuildKit'],
    ['RUN --network=none npm ci', 'RUN --network', /already runs without a network/, 'Unknown flag: network'],
    ['RUN --security=insecure npm ci', 'RUN --security', /Remove the flag/, 'Unknown flag: security'],
    ['COPY --link package.json ./', 'COPY --link', /Drop `--link`/, 'Unknown flag: link'],
    ['COPY --parents src/a/x.js /app/', 'COPY --parents', /full destination path/, 'Unknown flag: parents'],
    ['COPY --chmod=755 run.sh ./', 'COPY --chmod', /RUN chmod/, 'the --chmod option requires BuildKit'],
    ['ADD --chmod=755 run.sh ./', 'ADD --chmod', /RUN chmod/, 'the --chmod option requires BuildKit'],
    ['ADD --checksum=sha256:abc app.tar.gz /opt/', 'ADD --checksum', /Remove the flag/, 'Unknown flag: checksum'],
    ['ADD --keep-git-dir=true repo.git /src', 'ADD --keep-git-dir', /needs the network/, 'Unknown flag: keep-git-dir'],
    ['COPY --exclude=*.md . .', 'COPY --exclude', /\.dockerignore/, 'Unknown flag: exclude'],
  ])('%s', (line, feature, advice, engine) => {
    const u = uses(line);
    expect(u.map((x) => [x.line, x.feature])).toEqual([[3, feature]]);
    expect(u[0].message).toMatch(new RegExp(`^Line 3 \`${line.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(u[0].message).toContain(`needs BuildKit`);
    expect(u[0].message).toContain(`answers "`);
    expect(u[0].message).toContain(engine);
    expect(u[0].message).toMatch(advice);
  });

  it('refuses heredocs on the instruction line, never on the body lines (RUN, <<-, quoted, COPY, several, ONBUILD)', () => {
    const src = [
      'FROM layerlab/node:18', // 1
      'WORKDIR /app', // 2
      'COPY package.json ./', // 3
      'RUN <<EOF', // 4
      'npm install', // 5
      'npm cache clean --force', // 6
      'EOF', // 7
      'RUN <<-EOT', // 8
      '\tset -e', // 9
      '\tEOT', // 10
      'RUN <<"EOF" sh', // 11
      'echo $HOME', // 12
      'EOF', // 13
      'COPY <<EOF /app/.npmrc', // 14
      'loglevel=warn', // 15
      'EOF', // 16
      'RUN cat <<A >a.txt && cat <<\'B\' >b.txt', // 17
      'a', // 18
      'A', // 19
      'b', // 20
      'B', // 21
      'ONBUILD RUN <<EOF', // 22
      'npm test', // 23
      'EOF', // 24
      'CMD ["npm", "start"]', // 25
    ].join('\n');
    const parsed = parseDockerfile(src);
    const u = buildkitOnlyUses(parsed);
    expect(u.map((x) => [x.line, x.feature])).toEqual([
      [4, 'RUN heredoc (<<EOF)'],
      [8, 'RUN heredoc (<<-EOT)'],
      [11, 'RUN heredoc (<<EOF)'],
      [14, 'COPY heredoc (<<EOF)'],
      [17, 'RUN heredoc (<<A, <<B)'],
      [22, 'RUN heredoc (<<EOF)'],
    ]);
    expect(u[0].message).toMatch(/^Line 4 `RUN <<EOF`: a heredoc \(`<<EOF`\) needs BuildKit\. Docker's classic builder reads its body \(lines 5–7\) as instructions of their own and fails with "unknown instruction: …"\./);
    expect(u[0].message).toMatch(/joined with `&&`/);
    expect(u[3].message).toMatch(/Put the file in the build context and COPY it/);
    // The body lines are no instructions: the CMD is step 11, as the RUNs and COPYs before it.
    expect(parsed.instructions.map((i) => i.startLine)).toEqual([1, 2, 3, 4, 8, 11, 14, 17, 22, 25]);
    expect(checkImagePolicy(parsed, ['layerlab/node:18']).map((v) => v.line)).toEqual([4, 8, 11, 14, 17, 22]);
  });

  it('does not refuse what the classic builder accepts', () => {
    const ok = [
      '# syntax=docker/dockerfile:1',
      '# escape=\\',
      'FROM layerlab/node:18 AS deps',
      'COPY --chown=node:node package.json ./',
      'RUN echo --mount=type=cache && echo "<<EOF" && echo a<<b',
      'RUN ["sh", "-c", "cat <<EOF"]',
      'FROM layerlab/node:18',
      'COPY --from=deps /app /app',
      'CMD ["node", "--link", "x"]',
      // The classic builder stores ONBUILD triggers without reading their flags (measured).
      'ONBUILD RUN --mount=type=cache,target=/root/.npm npm ci',
      'ONBUILD COPY --link . .',
    ].join('\n');
    const parsed = parseDockerfile(ok);
    expect(buildkitOnlyUses(parsed)).toEqual([]);
    expect(checkImagePolicy(parsed, ['layerlab/node:18'])).toEqual([]);
    expect(parsed.directives.syntax).toBe('docker/dockerfile:1');
  });

  it('lists every use of one instruction and orders the policy refusals by line', () => {
    const parsed = parseDockerfile('FROM layerlab/node:18\nCOPY --link --chmod=644 a b\nFROM node:18\n');
    expect(buildkitOnlyUses(parsed).map((u) => u.feature)).toEqual(['COPY --link', 'COPY --chmod']);
    expect(checkImagePolicy(parsed, ['layerlab/node:18']).map((v) => v.line)).toEqual([2, 2, 3]);
  });
});
