/**
 * The context check points at the line of the student's .dockerignore that does not do what it
 * seems to (issue 7 item 5): `node_modules   # deps` is one pattern that matches nothing.
 */
import { describe, expect, it } from 'vitest';
import type { Lab } from '../labs';
import { parseDockerfile } from '../../lib/dockerfile/parse';
import { summarizeContext } from '../engine/context-tar';
import { runCheckEntry } from './registry';
import type { CheckContext } from './types';

function ctxWith(files: Record<string, string>): CheckContext {
  const summary = summarizeContext(new Map(Object.entries(files)));
  return {
    lab: {} as Lab,
    builds: new Map([['initial', { name: 'initial', ok: true, skipped: false, durationMs: 1, steps: [], changedFiles: [], imageId: 'sha256:x', context: summary }]]),
    dockerfile: parseDockerfile(files.Dockerfile),
    driver: { workingDir: async () => '/app', pathExists: async () => false, run: async () => { throw new Error('no'); } },
    runTimeoutSeconds: 20,
    memoryMb: 512,
  };
}

const check = { kind: 'context' as const, id: 'c', title: 'c', points: 25, build: 'initial', excluded: ['node_modules/', '.env'], checkImage: false };

describe('context check and .dockerignore lines', () => {
  it('names the line whose inline `#` made node_modules reach the engine', async () => {
    const out = await runCheckEntry(ctxWith({ Dockerfile: 'FROM layerlab/node:18\nCOPY . .\n', '.dockerignore': '# local clutter\nnode_modules   # deps\n.env\n', 'node_modules/x.js': 'x', '.env': 'S=1', 'src/a.js': 'a' }), check);
    expect(out.passed).toBe(false);
    expect(out.feedback).toContain('These were sent to the engine but must not be: `node_modules/` (1 file');
    expect(out.feedback).toContain('In your .dockerignore, line 2: `node_modules   # deps` — `#` does not start a comment here');
    expect(out.feedback).not.toContain('line 1:');
  });

  it('passes with comments on lines of their own, and notes an indented `#` line even when it passes', async () => {
    const good = await runCheckEntry(ctxWith({ Dockerfile: 'FROM x\n', '.dockerignore': '# deps\nnode_modules\n.env\n', 'node_modules/x.js': 'x', '.env': 'S=1' }), check);
    expect(good.passed).toBe(true);
    expect(good.feedback).not.toContain('In your .dockerignore');
    const noted = await runCheckEntry(ctxWith({ Dockerfile: 'FROM x\n', '.dockerignore': 'node_modules\n  # secrets:\n.env\n', 'node_modules/x.js': 'x', '.env': 'S=1' }), check);
    expect(noted.passed).toBe(true);
    expect(noted.feedback).toMatch(/In your \.dockerignore, line 2: `  # secrets:` — `#` starts a comment only as the very first character/);
  });
});
