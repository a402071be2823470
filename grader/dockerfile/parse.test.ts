import { describe, expect, it } from 'vitest';
import { copySources, expandFromImage, parseDockerfile } from '../../lib/dockerfile/parse';
import { checkImagePolicy, externalBaseImages, normalizeImageRef } from './policy';

describe('parseDockerfile', () => {
  it('numbers instructions like the classic builder and keeps their source lines', () => {
    const df = parseDockerfile(
      ['FROM layerlab/node:18', 'WORKDIR /app', '', '# deps first', 'COPY package*.json ./', 'RUN npm install', 'COPY src/ ./src/', 'CMD ["npm", "start"]'].join('\n'),
    );
    expect(df.instructions.map((i) => [i.n, i.keyword, i.startLine])).toEqual([
      [1, 'FROM', 1],
      [2, 'WORKDIR', 2],
      [3, 'COPY', 5],
      [4, 'RUN', 6],
      [5, 'COPY', 7],
      [6, 'CMD', 8],
    ]);
    expect(df.instructions[3].text).toBe('RUN npm install');
    expect(df.stages).toHaveLength(1);
    expect(df.stages[0].image).toBe('layerlab/node:18');
  });

  it('joins continuation lines, skipping comments and blank lines inside them', () => {
    const df = parseDockerfile('FROM x\nRUN apt-get update && \\\n    # a comment\n\n    apt-get install -y curl   \\  \n    && echo done\nCMD ["sh"]\n');
    const run = df.instructions[1];
    expect(run.keyword).toBe('RUN');
    expect(run.text).toBe('RUN apt-get update && apt-get install -y curl && echo done');
    expect([run.startLine, run.endLine]).toEqual([2, 6]);
    expect(df.instructions[2]).toMatchObject({ n: 3, keyword: 'CMD', startLine: 7 });
  });

  it('honours parser directives, only at the top', () => {
    const df = parseDockerfile('# syntax=docker/dockerfile:1\n# escape=`\nFROM x\nRUN echo a `\n  b\n# escape=\\\n');
    expect(df.directives).toEqual({ syntax: 'docker/dockerfile:1', escape: '`' });
    expect(df.escape).toBe('`');
    expect(df.instructions[1].text).toBe('RUN echo a b');
    // A directive-looking comment after an instruction is just a comment.
    expect(df.instructions).toHaveLength(2);
  });

  it('parses stages, AS names, --platform and flags; keeps lower-case keywords', () => {
    const df = parseDockerfile('ARG BASE=layerlab/node:18\nfrom --platform=linux/amd64 ${BASE} AS Deps\nRUN npm ci\nFROM deps\ncopy --from=deps --chown=1:1 /app/node_modules ./node_modules\n');
    expect(df.metaArgs).toEqual({ BASE: 'layerlab/node:18' });
    expect(df.instructions[0]).toMatchObject({ n: 1, keyword: 'ARG', stage: -1 });
    expect(df.stages.map((s) => [s.index, s.name, s.image, s.platform])).toEqual([
      [0, 'deps', '${BASE}', 'linux/amd64'],
      [1, undefined, 'deps', undefined],
    ]);
    const copy = df.instructions[4];
    expect(copy.flags).toEqual({ from: 'deps', chown: '1:1' });
    expect(copySources(copy)).toEqual(['/app/node_modules']);
    expect(expandFromImage('${BASE}', df.metaArgs)).toBe('layerlab/node:18');
    expect(expandFromImage('${NOPE}', df.metaArgs)).toBeUndefined();
    expect(expandFromImage('${BASE:-x}', df.metaArgs)).toBeUndefined();
  });

  it('is lenient: unknown instructions are kept for the engine to reject', () => {
    const df = parseDockerfile('FROM x\nRUNN npm install\n');
    expect(df.instructions[1]).toMatchObject({ keyword: 'RUNN', startLine: 2 });
  });

  it('a line ending in an escaped escape character is not a continuation (buildkit testfiles/trailing-backslash)', () => {
    const df = parseDockerfile('FROM x\nENV C trailing\\\\backslash\\\\\nENV D next\nRUN a \\\n  b\n');
    expect(df.instructions.map((i) => [i.n, i.keyword, i.startLine, i.endLine])).toEqual([
      [1, 'FROM', 1, 1],
      [2, 'ENV', 2, 2],
      [3, 'ENV', 3, 3],
      [4, 'RUN', 4, 5],
    ]);
    expect(df.instructions[1].node.values).toEqual(['C', 'trailing\\\\backslash\\\\', '']);
    expect(df.instructions[3].original).toBe('RUN a   b');
  });

  it('keeps heredoc bodies inside their instruction (lines, content, terminators)', () => {
    const src = [
      'FROM x', // 1
      'RUN <<EOF', // 2
      'npm install', // 3
      'EOF', // 4
      'RUN <<-"END" bash', // 5
      '\techo $HOME', // 6
      '\tEND', // 7
      'COPY <<EOF /app/hello.txt', // 8
      'hello', // 9
      'EOF', // 10
      'RUN ["cat", "<<EOF"]', // 11: exec form has no heredoc
      'RUN cat <<A 3<<B > /x', // 12
      'a', // 13
      'A', // 14
      'b', // 15
      'B', // 16
      'CMD ["sh"]', // 17
    ].join('\n');
    const df = parseDockerfile(src);
    expect(df.instructions.map((i) => [i.n, i.keyword, i.startLine, i.endLine])).toEqual([
      [1, 'FROM', 1, 1],
      [2, 'RUN', 2, 4],
      [3, 'RUN', 5, 7],
      [4, 'COPY', 8, 10],
      [5, 'RUN', 11, 11],
      [6, 'RUN', 12, 16],
      [7, 'CMD', 17, 17],
    ]);
    expect(df.instructions[1].heredocs).toEqual([{ name: 'EOF', content: 'npm install\n', chomp: false, expand: true, fileDescriptor: 0 }]);
    expect(df.instructions[1].text).toBe('RUN <<EOF');
    expect(df.instructions[2].heredocs[0]).toMatchObject({ name: 'END', chomp: true, expand: false, content: '\techo $HOME\n' });
    expect(df.instructions[3].heredocs[0]).toMatchObject({ name: 'EOF', content: 'hello\n' });
    expect(df.instructions[4].heredocs).toEqual([]);
    expect(df.instructions[5].heredocs.map((h) => [h.name, h.fileDescriptor, h.content])).toEqual([['A', 0, 'a\n'], ['B', 3, 'b\n']]);
  });

  it('reads flags as Docker does: quotes removed, `--` ends them', () => {
    const df = parseDockerfile('FROM x\nCOPY --chown="1:1" -- --weird /dst/\nRUN --mount=type=cache,target=/root/.npm npm ci\n');
    expect(df.instructions[1]).toMatchObject({ flags: { chown: '1:1' }, rest: '--weird /dst/' });
    expect(copySources(df.instructions[1])).toEqual(['--weird']);
    expect(df.instructions[2]).toMatchObject({ flags: { mount: 'type=cache,target=/root/.npm' }, rest: 'npm ci' });
    expect(df.instructions[2].node).toEqual({ value: 'RUN', flags: ['--mount=type=cache,target=/root/.npm'], values: ['npm ci'], json: false });
  });

  it('reads COPY sources in JSON form', () => {
    const df = parseDockerfile('FROM x\nCOPY ["package.json", "package-lock.json", "./"]\n');
    expect(copySources(df.instructions[1])).toEqual(['package.json', 'package-lock.json']);
  });
});

describe('checkImagePolicy', () => {
  const allowed = ['layerlab/node:18'];
  const violations = (src: string) => checkImagePolicy(parseDockerfile(src), allowed);

  it('allows the allowed image, earlier stages by name or index, and ARG defaults', () => {
    expect(violations('FROM layerlab/node:18 AS deps\nRUN x\nFROM deps\nCOPY --from=0 /a /b\nCOPY --from=deps /a /b')).toEqual([]);
    expect(violations('ARG B=layerlab/node:18\nFROM $B')).toEqual([]);
    expect(violations('FROM docker.io/layerlab/node:18')).toEqual([]);
  });

  it('refuses any other image with the line and a clear message', () => {
    const v = violations('# comment\nFROM node:18-alpine\nRUN npm install');
    expect(v).toHaveLength(1);
    expect(v[0].line).toBe(2);
    expect(v[0].message).toMatch(/Line 2 `FROM node:18-alpine`: base image `node:18-alpine` is not allowed.*layerlab\/node:18/);
    expect(violations('FROM layerlab/node')).toHaveLength(1); // :latest is not :18
    expect(violations('FROM scratch')).toHaveLength(1);
    expect(violations('FROM deps\nFROM layerlab/node:18 AS deps')).toHaveLength(1); // a LATER stage is not a stage yet
  });

  it('refuses COPY --from of an image or an unknown stage, and unresolved FROM variables', () => {
    expect(violations('FROM layerlab/node:18\nCOPY --from=layerlab-grade-abc:initial /app /x')[0].message).toMatch(/--from=layerlab-grade-abc:initial/);
    expect(violations('FROM layerlab/node:18\nCOPY --from=1 /a /b')).toHaveLength(1);
    expect(violations('FROM ${IMG}')[0].message).toMatch(/written literally/);
  });

  it('lists the external base images to check for', () => {
    expect(externalBaseImages(parseDockerfile('FROM layerlab/node:18 AS a\nFROM a\nFROM layerlab/busybox'))).toEqual(['layerlab/node:18', 'layerlab/busybox']);
    expect(normalizeImageRef('library/busybox')).toBe('busybox:latest');
    expect(normalizeImageRef('localhost:5000/x')).toBe('localhost:5000/x:latest');
  });
});
