/**
 * The parser agrees with Docker's: every test file of the reference parser (moby/buildkit
 * frontend/dockerfile/parser/testfiles, copied into testdata/buildkit-parser with its README) gives
 * the same instruction sequence and the same arguments (`Node.Dump` format of the `result` files).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dumpNode, parseDockerfile } from '../../lib/dockerfile/parse';

const dir = path.join(__dirname, 'testdata', 'buildkit-parser');
const cases = readdirSync(dir).filter((f) => statSync(path.join(dir, f)).isDirectory()).sort();

describe('parser vs the reference parser\'s test files', () => {
  it('has all the test files', () => {
    expect(cases.length).toBe(33);
  });

  it.each(cases)('%s', (name) => {
    const source = readFileSync(path.join(dir, name, 'Dockerfile'), 'utf8');
    const expected = readFileSync(path.join(dir, name, 'result'), 'utf8').split('\n').filter((l) => l.trim() !== '');
    const parsed = parseDockerfile(source);
    // The instruction sequence first (the step numbering), then every argument.
    expect(parsed.instructions.map((i) => i.keyword.toLowerCase())).toEqual(expected.map((l) => /^\((\S+?)[\s)]/.exec(l)![1]));
    expect(parsed.instructions.map((i) => `(${dumpNode(i.node)})`)).toEqual(expected);
    expect(parsed.instructions.map((i) => i.n)).toEqual(expected.map((_, k) => k + 1));
  });
});
