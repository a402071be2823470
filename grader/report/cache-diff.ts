/**
 * Cache diff between two consecutive builds of a grade (pure): the first step that missed the cache,
 * why (which edited file reached which COPY/ADD, or a changed instruction), and the steps rebuilt
 * only because of it (in the classic builder, every later step of the build).
 */
import { copySources, type ParsedDockerfile } from '../../lib/dockerfile/parse';
import { code, listFiles, sourceCopies } from './feedback';
import type { CacheDiff, CacheMissCause, DiffStepRef } from '../../lib/grading/report';

export type { CacheDiff, CacheMissCause, DiffStepRef } from '../../lib/grading/report';

export interface DiffBuildInput {
  name: string;
  /** Was the build attempted (skipped builds produce no diff). */
  attempted: boolean;
  steps: readonly { n: number; line?: number; instruction: string; cached: boolean }[];
  changedFiles: readonly string[];
}

/** Diffs of each build against the one before it (builds in lab order; the first has none). */
export function cacheDiffs(builds: readonly DiffBuildInput[], parsed: ParsedDockerfile): CacheDiff[] {
  const out: CacheDiff[] = [];
  for (let i = 1; i < builds.length; i++) {
    const cur = builds[i];
    if (!cur.attempted || cur.steps.length === 0) continue;
    out.push(cacheDiff(builds[i - 1], cur, parsed));
  }
  return out;
}

export function cacheDiff(previous: Pick<DiffBuildInput, 'name' | 'steps'>, current: DiffBuildInput, parsed: ParsedDockerfile): CacheDiff {
  const keywordOf = (n: number, text: string) => parsed.instructions.find((x) => x.n === n)?.keyword ?? text.split(/\s+/)[0]?.toUpperCase();
  const miss = current.steps.find((s) => !s.cached && keywordOf(s.n, s.instruction) !== 'FROM');
  const base = { build: current.name, previous: previous.name, changedFiles: [...current.changedFiles] };
  if (!miss) {
    return {
      ...base,
      rebuilt: [],
      summary: `Build ${code(current.name)}: every step came from the cache${current.changedFiles.length ? ` (no COPY/ADD takes ${listFiles([...current.changedFiles])})` : ''}.`,
    };
  }
  const cause = missCause(miss, previous, current, parsed);
  const rebuilt = current.steps.filter((s) => s.n > miss.n && !s.cached && keywordOf(s.n, s.instruction) !== 'FROM').map(ref);
  const because = describeCause(cause);
  const tail = rebuilt.length ? `; rebuilt because of it: ${lineList(rebuilt)}` : '; no later step had to be rebuilt';
  return {
    ...base,
    firstMiss: { ...ref(miss), cause },
    rebuilt,
    summary: `Build ${code(current.name)}: first miss at ${where(miss)} ${code(miss.instruction)}${because ? ` because ${because}` : ''}${tail}.`,
  };
}

function ref(s: { n: number; line?: number; instruction: string }): DiffStepRef {
  return s.line === undefined ? { n: s.n, instruction: s.instruction } : { n: s.n, line: s.line, instruction: s.instruction };
}

function missCause(
  miss: DiffBuildInput['steps'][number],
  previous: Pick<DiffBuildInput, 'steps'>,
  current: DiffBuildInput,
  parsed: ParsedDockerfile,
): CacheMissCause {
  const before = previous.steps.find((s) => s.n === miss.n);
  if (before && before.instruction.trim() !== miss.instruction.trim()) return { kind: 'instruction', previous: before.instruction };
  const ins = parsed.instructions.find((x) => x.n === miss.n);
  if (ins && (ins.keyword === 'COPY' || ins.keyword === 'ADD')) {
    if (ins.flags.from !== undefined) return { kind: 'stage', stage: ins.flags.from };
    const sources = copySources(ins);
    const files = current.changedFiles.filter((f) => sources.some((src) => sourceCopies(src, f)));
    if (files.length) return { kind: 'files', files };
  }
  if (!before && previous.steps.length > 0) return { kind: 'instruction' };
  return { kind: 'unknown' };
}

export function describeCause(cause: CacheMissCause): string {
  switch (cause.kind) {
    case 'files':
      return `${listFiles(cause.files)} changed`;
    case 'instruction':
      return cause.previous ? `the instruction changed (was ${code(cause.previous)})` : 'the instruction is new';
    case 'stage':
      return `stage ${code(cause.stage)} it copies from was rebuilt`;
    case 'unknown':
      return '';
  }
}

function where(s: { n: number; line?: number }): string {
  return s.line !== undefined ? `line ${s.line}` : `step ${s.n}`;
}

/** "line 6", "lines 6–8", "lines 4, 6–8" (consecutive steps form a range of their lines). */
export function lineList(steps: readonly { n: number; line?: number }[]): string {
  if (steps.length === 0) return '';
  if (steps.some((s) => s.line === undefined)) {
    const ns = steps.map((s) => s.n);
    return `step${ns.length > 1 ? 's' : ''} ${ranges(steps.map((s) => ({ n: s.n, v: s.n })))}`;
  }
  return `line${steps.length > 1 ? 's' : ''} ${ranges(steps.map((s) => ({ n: s.n, v: s.line! })))}`;
}

function ranges(items: { n: number; v: number }[]): string {
  const parts: string[] = [];
  let start = items[0];
  let prev = items[0];
  for (const it of [...items.slice(1), undefined]) {
    if (it && it.n === prev.n + 1) {
      prev = it;
      continue;
    }
    parts.push(start === prev ? String(start.v) : `${start.v}–${prev.v}`);
    if (it) start = prev = it;
  }
  return parts.join(', ');
}
