import { describe, expect, it } from 'vitest';
import { compareHistory, formatHistoryTable, historyInstruction, historyInstructions, normaliseInstruction, parseExecArray, parseSize, processWord, targetInstructions } from './history-match';

describe('history normalisation', () => {
  it('strips the classic builder\'s wrapping', () => {
    expect(historyInstruction('/bin/sh -c mkdir /app')).toBe('RUN mkdir /app');
    expect(historyInstruction('/bin/sh -c #(nop) WORKDIR /app')).toBe('WORKDIR /app');
    expect(historyInstruction('/bin/sh -c #(nop)  CMD ["cat" "hello.txt"]')).toBe('CMD ["cat","hello.txt"]');
    expect(historyInstruction('/bin/sh -c #(nop)  CMD ["/bin/sh" "-c" "cat hello.txt"]')).toBe('CMD ["/bin/sh","-c","cat hello.txt"]');
    expect(historyInstruction('|2 A=1 B=x /bin/sh -c echo  hi')).toBe('RUN echo hi');
    expect(historyInstruction('RUN /bin/sh -c mkdir /app # buildkit')).toBe('RUN mkdir /app');
    expect(historyInstruction('/bin/sh -c #(nop) COPY file:3f0a9c1d2e in /app/ ')).toBe('COPY … /app');
    expect(historyInstruction('/bin/sh -c #(nop)  ENV A=b')).toBe('ENV A=b');
    expect(historyInstruction('')).toBe('');
  });
  it('makes the spellings of one instruction equal', () => {
    // Docker records `RUN /bin/sh -c x` as `/bin/sh -c /bin/sh -c x`: not the same entry as `RUN x` (issue 7 item 6).
    expect(normaliseInstruction('RUN /bin/sh -c mkdir   /app')).toBe('RUN /bin/sh -c mkdir /app');
    expect(normaliseInstruction('RUN mkdir   /app')).toBe('RUN mkdir /app');
    expect(normaliseInstruction('run mkdir /app')).toBe('RUN mkdir /app');
    expect(normaliseInstruction('RUN ["/bin/sh", "-c", "mkdir /app"]')).toBe('RUN mkdir /app');
    expect(normaliseInstruction('CMD ["cat", "hello.txt"]')).toBe('CMD ["cat","hello.txt"]');
    expect(normaliseInstruction('CMD cat hello.txt')).toBe('CMD ["/bin/sh","-c","cat hello.txt"]');
    expect(normaliseInstruction('ENV A b')).toBe('ENV A=b');
    expect(normaliseInstruction('COPY --chown=1:1 hello.txt /app/')).toBe('COPY … /app');
    expect(parseExecArray('["a" "b \\"q\\""]')).toEqual(['a', 'b "q"']);
    expect(parseExecArray('not')).toBeUndefined();
  });
  it('parses sizes like docker history prints them', () => {
    expect(parseSize('21B')).toBe(21);
    expect(parseSize('0B')).toBe(0);
    expect(parseSize('4.7MB')).toBe(4_700_000);
    expect(parseSize('1.2 kB')).toBe(1200);
    expect(parseSize('2KiB')).toBe(2048);
    expect(parseSize(5)).toBe(5);
    expect(() => parseSize('lots')).toThrow();
  });
});

describe('compareHistory', () => {
  const actual = [
    { instruction: 'RUN mkdir /app', size: 0, line: 2 },
    { instruction: 'WORKDIR /app', size: 0, line: 3 },
    { instruction: 'RUN echo "Hello" > hello.txt', size: 6, line: 4 },
    { instruction: 'CMD ["cat","hello.txt"]', size: 0, line: 5 },
  ];
  const tol = { bytes: 16, percent: 10 };
  it('matches normalised instructions and sizes within the tolerance', () => {
    const cmp = compareHistory([{ instruction: 'RUN ["/bin/sh", "-c", "mkdir /app"]', size: 0 }, { instruction: 'WORKDIR /app' }, { instruction: 'RUN echo "Hello" > hello.txt', size: 20 }, { instruction: 'CMD ["cat", "hello.txt"]' }], actual, tol);
    expect(cmp.ok).toBe(true);
    expect(compareHistory([{ instruction: 'RUN mkdir /app', size: 100 }], actual.slice(0, 1), tol).ok).toBe(false);
  });
  it('marks the first mismatch and shows expected vs actual per line', () => {
    const cmp = compareHistory(['RUN mkdir /app', 'WORKDIR /app', 'RUN echo "Hello Docker Layers!" > hello.txt', 'RUN chmod +x hello.txt', 'CMD ["cat","hello.txt"]'].map((instruction) => ({ instruction })), actual, tol);
    expect(cmp.firstMismatch).toBe(2);
    expect(cmp.rows.map((r) => r.ok)).toEqual([true, true, false, false, false]);
    const table = formatHistoryTable(cmp).split('\n');
    expect(table[3]).toMatch(/^ {2}>> {2}3 {2}RUN echo "Hello Docker Layers!" > hello\.txt .* RUN echo "Hello" > hello\.txt .*6B +4 {2}differs$/);
    expect(table[1]).toMatch(/^ {6}1 {2}RUN mkdir \/app .* ok$/);
    expect(table[5]).toMatch(/\(nothing more\) .*missing$/);
  });
  it('reports an extra entry', () => {
    const cmp = compareHistory([{ instruction: 'RUN mkdir /app' }], actual.slice(0, 2), tol);
    expect(cmp.firstMismatch).toBe(1);
    expect(formatHistoryTable(cmp)).toMatch(/extra$/);
  });
});

/**
 * `docker history --no-trunc` of a real build (docker.io 20.10.24, classic builder, sandbox engine),
 * oldest first, next to the Dockerfile lines that made each entry. Both sides must reach the same
 * canonical text, and the spellings Docker records differently must stay different.
 */
const MEASURED: [string, string][] = [
  ['RUN echo a', '/bin/sh -c echo a'],
  ["RUN /bin/sh -c 'echo b'", "/bin/sh -c /bin/sh -c 'echo b'"],
  ['RUN /bin/sh -c echo c', '/bin/sh -c /bin/sh -c echo c'],
  ['RUN ["echo", "d"]', 'echo d'],
  ['RUN ["/bin/sh", "-c", "echo e"]', '/bin/sh -c echo e'],
  ['ARG X=y', '/bin/sh -c #(nop)  ARG X=y'],
  ['ARG Y="two words"', '/bin/sh -c #(nop)  ARG Y=two words'],
  ['ARG Z', '/bin/sh -c #(nop)  ARG Z'],
  ['RUN echo $X', '|2 X=y Y=two words /bin/sh -c echo $X'],
  ['ENV X=override', '/bin/sh -c #(nop)  ENV X=override'],
  ['RUN echo f', '|1 Y=two words /bin/sh -c echo f'],
  ['ENV A=1 B="x y" C=$A', '/bin/sh -c #(nop)  ENV A=1 B=x y C='],
  ['ENV D 1 2', '/bin/sh -c #(nop)  ENV D=1 2'],
  ['LABEL l1=1 l2="a b" l3=$A', '/bin/sh -c #(nop)  LABEL l1=1 l2=a b l3=1'],
  ['WORKDIR app', '/bin/sh -c #(nop) WORKDIR /app'],
  ['WORKDIR sub', '/bin/sh -c #(nop) WORKDIR /app/sub'],
  ['EXPOSE 3000 80/udp', '/bin/sh -c #(nop)  EXPOSE 3000 80/udp'],
  ['VOLUME /data', '/bin/sh -c #(nop)  VOLUME [/data]'],
  ['VOLUME ["/v1", "/v2"]', '/bin/sh -c #(nop)  VOLUME [/v1 /v2]'],
  ['USER root', '/bin/sh -c #(nop)  USER root'],
  ['STOPSIGNAL SIGTERM', '/bin/sh -c #(nop)  STOPSIGNAL SIGTERM'],
  ['ENTRYPOINT ["/bin/sh"]', '/bin/sh -c #(nop)  ENTRYPOINT ["/bin/sh"]'],
  ['CMD echo hi', '/bin/sh -c #(nop)  CMD ["/bin/sh" "-c" "echo hi"]'],
  ['SHELL ["/bin/sh", "-ec"]', '/bin/sh -ec #(nop)  SHELL [/bin/sh -ec]'],
  ['RUN echo g', '|1 Y=two words /bin/sh -ec echo g'],
  ['ENV E=1', '/bin/sh -ec #(nop)  ENV E=1'],
  ['RUN ["echo", "h"]', '|1 Y=two words echo h'],
  ['CMD ["cat", "x"]', '/bin/sh -ec #(nop)  CMD ["cat" "x"]'],
];

describe('history as Docker records it (measured)', () => {
  const target = targetInstructions(MEASURED.map(([d]) => d));
  const history = historyInstructions(MEASURED.map(([, h]) => h));

  it('brings each Dockerfile instruction and its recorded entry to the same text', () => {
    expect(history).toEqual(target);
    expect(history).toEqual([
      'RUN echo a',
      "RUN /bin/sh -c 'echo b'",
      'RUN /bin/sh -c echo c',
      'RUN (exec) echo d',
      'RUN echo e',
      'ARG X=y',
      'ARG Y=two words',
      'ARG Z',
      'RUN echo $X',
      'ENV X=override',
      'RUN echo f',
      'ENV A=1 B=x y C=',
      'ENV D=1 2',
      'LABEL l1=1 l2=a b l3=1',
      'WORKDIR /app',
      'WORKDIR /app/sub',
      'EXPOSE 3000 80/udp',
      'VOLUME [/data]',
      'VOLUME [/v1 /v2]',
      'USER root',
      'STOPSIGNAL SIGTERM',
      'ENTRYPOINT ["/bin/sh"]',
      'CMD ["/bin/sh","-c","echo hi"]',
      'SHELL [/bin/sh -ec]',
      'RUN echo g',
      'ENV E=1',
      'RUN (exec) echo h',
      'CMD ["cat","x"]',
    ]);
  });

  it('keeps apart what Docker records differently', () => {
    expect(normaliseInstruction('RUN /bin/sh -c x')).not.toBe(normaliseInstruction('RUN x'));
    expect(normaliseInstruction('RUN ["echo", "x"]')).not.toBe(normaliseInstruction('RUN echo x'));
    expect(normaliseInstruction('RUN ["/bin/sh", "-c", "echo x"]')).toBe(normaliseInstruction('RUN echo x'));
    expect(normaliseInstruction('CMD cat x')).not.toBe(normaliseInstruction('CMD ["cat", "x"]'));
    // A shell-form CMD after SHELL is recorded with that shell.
    expect(targetInstructions(['SHELL ["/bin/bash", "-c"]', 'CMD cat x'])[1]).toBe('CMD ["/bin/bash","-c","cat x"]');
    expect(historyInstructions(['/bin/bash -c #(nop)  SHELL [/bin/bash -c]', '/bin/bash -c cat x'])[1]).toBe('RUN cat x');
    expect(historyInstructions(['/bin/sh -c #(nop)  SHELL [/bin/bash -c]', '/bin/sh -c cat x'])[1]).toBe('RUN cat x');
  });

  it('drops the ARG prefix even when a value holds blanks and the ARG entry is not in view', () => {
    expect(historyInstruction('|1 Y=two words /bin/sh -c echo f')).toBe('RUN echo f');
    expect(historyInstruction('|2 A=1 B=x echo hi')).toBe('RUN (exec) echo hi');
    expect(historyInstruction('|0 /bin/sh -c true')).toBe('RUN true');
  });

  it('processes ENV/LABEL words as Docker does', () => {
    const env = new Map([['A', '1']]);
    expect(processWord('"x y"', env)).toBe('x y');
    expect(processWord("'$A'", env)).toBe('$A');
    expect(processWord('a\\ b', env)).toBe('a b'); // `a\ b`: the escape keeps the blank, and is removed
    expect(processWord('${A}-${B:-d}-$B', env)).toBe('1-d-');
  });
});
