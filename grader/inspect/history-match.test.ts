import { describe, expect, it } from 'vitest';
import { compareHistory, formatHistoryTable, historyInstruction, normaliseInstruction, parseExecArray, parseSize } from './history-match';

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
    expect(normaliseInstruction('RUN /bin/sh -c mkdir   /app')).toBe('RUN mkdir /app');
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
    const cmp = compareHistory([{ instruction: 'RUN /bin/sh -c mkdir /app', size: 0 }, { instruction: 'WORKDIR /app' }, { instruction: 'RUN echo "Hello" > hello.txt', size: 20 }, { instruction: 'CMD ["cat", "hello.txt"]' }], actual, tol);
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
