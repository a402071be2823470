/**
 * Two graded submissions side by side (issue 11, part 3): pure code, no database. The page
 * (app/(learn)/submissions/compare) loads both sides with lib/submissions/compare-load.ts and renders
 * what `compareSubmissions` returns.
 *
 * Alignment:
 *   - builds by name (A's order, then the builds only B has);
 *   - steps of one build by their Dockerfile instruction text (whitespace runs folded), aligned with
 *     `diffArrays` from the `diff` library (a longest-common-subsequence diff), so a line inserted in B
 *     shows as one added row and shifts nothing after it;
 *   - checks by id.
 * Every row is marked `same`, `changed`, `added` (only in B) or `removed` (only in A). A step present on
 * both sides is `changed` when its cache hit or its layer size differs; durations are shown as deltas
 * but never mark a row (wall time differs on every run). Units are in the names: `…Ms` milliseconds,
 * `…Bytes` bytes.
 */
import { diffArrays } from 'diff';
import type { StoredReport } from '../grading/report';

export type Mark = 'same' | 'changed' | 'added' | 'removed';
/** How a step's cache use moved from A to B (null when it did not, or the step is on one side only). */
export type CacheFlip = 'now cached' | 'no longer cached' | null;

/** One step of one side, as the report (or, for older grades, the BuildStep row) gives it. */
export type SideStep = {
  n: number;
  instruction: string;
  cached: boolean;
  line?: number | null;
  stage?: string;
  /** Absent in grades made before the per-step analysis. */
  durationMs?: number;
  sizeBytes?: number;
};
export type SideBuild = { name: string; ok: boolean | null; durationMs: number | null; steps: SideStep[] };
export type SideCheck = { id: string; title: string; points: number; maxPoints: number; passed: boolean };
/**
 * One submission's comparable facts. `source` says where they came from: the stored report, the
 * CheckResult/BuildRecord rows (a report that is missing or does not parse), or nothing at all
 * (e.g. a submission that failed before any build).
 */
export type CompareSide = {
  score: number | null;
  maxScore: number | null;
  source: 'report' | 'records' | 'none';
  checks: SideCheck[];
  builds: SideBuild[];
};

/** The rows a submission carries besides its report (the shape of lib/submissions/get.ts's include). */
export type SubmissionRows = {
  score: number | null;
  maxScore: number | null;
  checks: { checkId: string; title: string; points: number; maxPoints: number; passed: boolean }[];
  builds: { name: string; ok: boolean | null; durationMs: number | null; steps: { n: number; instruction: string; cached: boolean }[] }[];
};

/**
 * A side from the stored report (parsed with `parseStoredReport`; null when missing) and the rows:
 * the report when there is one, else the rows, else nothing. The score is the submission's own.
 */
export function sideOf(report: StoredReport | null, rows: SubmissionRows): CompareSide {
  const base = { score: rows.score, maxScore: rows.maxScore };
  if (report) {
    return {
      ...base,
      source: 'report',
      checks: report.checks.map((c) => ({ id: c.id, title: c.title, points: c.points, maxPoints: c.maxPoints, passed: c.passed })),
      builds: report.builds.map((b) => ({
        name: b.name,
        ok: b.ok,
        durationMs: b.durationMs,
        steps: b.steps.map((s) => ({
          n: s.n,
          instruction: s.instruction,
          cached: s.cached,
          line: s.line,
          stage: s.stage,
          durationMs: s.durationMs,
          sizeBytes: s.sizeBytes,
        })),
      })),
    };
  }
  if (rows.checks.length === 0 && rows.builds.length === 0) return { ...base, source: 'none', checks: [], builds: [] };
  return {
    ...base,
    source: 'records',
    checks: rows.checks.map((c) => ({ id: c.checkId, title: c.title, points: c.points, maxPoints: c.maxPoints, passed: c.passed })),
    builds: rows.builds.map((b) => ({
      name: b.name,
      ok: b.ok,
      durationMs: b.durationMs,
      steps: b.steps.map((s) => ({ n: s.n, instruction: s.instruction, cached: s.cached })),
    })),
  };
}

export type CheckRow = {
  id: string;
  title: string;
  a: SideCheck | null;
  b: SideCheck | null;
  mark: Mark;
  /** B's points minus A's (null unless both sides have the check). */
  pointsDelta: number | null;
};
export type StepRow = {
  instruction: string;
  stage?: string;
  a: SideStep | null;
  b: SideStep | null;
  mark: Mark;
  cache: CacheFlip;
  durationDeltaMs: number | null;
  sizeDeltaBytes: number | null;
};
export type BuildRow = {
  name: string;
  mark: Mark;
  a: BuildTotals | null;
  b: BuildTotals | null;
  durationDeltaMs: number | null;
  sizeDeltaBytes: number | null;
  steps: StepRow[];
};
/** A build's totals: wall time, and the bytes of the layers its steps committed (null without step sizes). */
export type BuildTotals = { ok: boolean | null; durationMs: number | null; sizeBytes: number | null; cachedSteps: number; steps: number };
export type Comparison = {
  score: { a: number | null; b: number | null; maxA: number | null; maxB: number | null; delta: number | null; mark: Mark };
  checks: CheckRow[];
  builds: BuildRow[];
  /** Rows marked other than `same`, over checks, builds and steps (0: the two grades agree). */
  differences: number;
};

/** The instruction as the alignment key: whitespace runs folded, ends trimmed. */
export function instructionKey(instruction: string): string {
  return instruction.replace(/\s+/g, ' ').trim();
}

const delta = (a: number | null | undefined, b: number | null | undefined): number | null =>
  typeof a === 'number' && typeof b === 'number' ? b - a : null;

/** Steps of one build aligned by instruction text (see the top of this file). */
export function alignSteps(a: SideStep[], b: SideStep[]): StepRow[] {
  const changes = diffArrays(a.map((s) => instructionKey(s.instruction)), b.map((s) => instructionKey(s.instruction)));
  const rows: StepRow[] = [];
  let i = 0;
  let j = 0;
  for (const change of changes) {
    for (let k = 0; k < change.count; k++) {
      if (change.removed) rows.push(oneSided(a[i++], 'removed'));
      else if (change.added) rows.push(oneSided(b[j++], 'added'));
      else rows.push(paired(a[i++], b[j++]));
    }
  }
  return rows;
}

function oneSided(s: SideStep, mark: 'added' | 'removed'): StepRow {
  return {
    instruction: s.instruction,
    stage: s.stage,
    a: mark === 'removed' ? s : null,
    b: mark === 'added' ? s : null,
    mark,
    cache: null,
    durationDeltaMs: null,
    sizeDeltaBytes: null,
  };
}

function paired(a: SideStep, b: SideStep): StepRow {
  const cache: CacheFlip = a.cached === b.cached ? null : b.cached ? 'now cached' : 'no longer cached';
  const sizeDeltaBytes = delta(a.sizeBytes, b.sizeBytes);
  return {
    instruction: b.instruction,
    stage: b.stage ?? a.stage,
    a,
    b,
    mark: cache !== null || (sizeDeltaBytes !== null && sizeDeltaBytes !== 0) ? 'changed' : 'same',
    cache,
    durationDeltaMs: delta(a.durationMs, b.durationMs),
    sizeDeltaBytes,
  };
}

function totals(b: SideBuild): BuildTotals {
  const sized = b.steps.length > 0 && b.steps.every((s) => typeof s.sizeBytes === 'number');
  return {
    ok: b.ok,
    durationMs: b.durationMs,
    sizeBytes: sized ? b.steps.reduce((sum, s) => sum + (s.sizeBytes ?? 0), 0) : null,
    cachedSteps: b.steps.filter((s) => s.cached).length,
    steps: b.steps.length,
  };
}

function compareBuild(name: string, a: SideBuild | undefined, b: SideBuild | undefined): BuildRow {
  const steps = alignSteps(a?.steps ?? [], b?.steps ?? []);
  const ta = a ? totals(a) : null;
  const tb = b ? totals(b) : null;
  const sizeDeltaBytes = delta(ta?.sizeBytes, tb?.sizeBytes);
  let mark: Mark;
  if (!a) mark = 'added';
  else if (!b) mark = 'removed';
  else mark = a.ok !== b.ok || (sizeDeltaBytes ?? 0) !== 0 || steps.some((s) => s.mark !== 'same') ? 'changed' : 'same';
  return { name, mark, a: ta, b: tb, durationDeltaMs: delta(ta?.durationMs, tb?.durationMs), sizeDeltaBytes, steps };
}

function compareCheck(a: SideCheck | undefined, b: SideCheck | undefined): CheckRow {
  const one = (b ?? a)!;
  let mark: Mark;
  if (!a) mark = 'added';
  else if (!b) mark = 'removed';
  else mark = a.passed !== b.passed || a.points !== b.points || a.maxPoints !== b.maxPoints ? 'changed' : 'same';
  return { id: one.id, title: one.title, a: a ?? null, b: b ?? null, mark, pointsDelta: delta(a?.points, b?.points) };
}

/** Union of keys: A's order first, then those only B has. */
function unionKeys<T>(a: T[], b: T[], key: (x: T) => string): string[] {
  const keys = a.map(key);
  const seen = new Set(keys);
  for (const k of b.map(key)) if (!seen.has(k)) (seen.add(k), keys.push(k));
  return keys;
}

/** A compared with B (B is "now", A is "before": deltas are B − A). */
export function compareSubmissions(a: CompareSide, b: CompareSide): Comparison {
  const checksA = new Map(a.checks.map((c) => [c.id, c]));
  const checksB = new Map(b.checks.map((c) => [c.id, c]));
  const checks = unionKeys(a.checks, b.checks, (c) => c.id).map((id) => compareCheck(checksA.get(id), checksB.get(id)));
  const buildsA = new Map(a.builds.map((x) => [x.name, x]));
  const buildsB = new Map(b.builds.map((x) => [x.name, x]));
  const builds = unionKeys(a.builds, b.builds, (x) => x.name).map((name) => compareBuild(name, buildsA.get(name), buildsB.get(name)));
  const scoreDelta = delta(a.score, b.score);
  const score = {
    a: a.score,
    b: b.score,
    maxA: a.maxScore,
    maxB: b.maxScore,
    delta: scoreDelta,
    mark: (a.score === b.score && a.maxScore === b.maxScore ? 'same' : 'changed') as Mark,
  };
  const differences =
    checks.filter((c) => c.mark !== 'same').length +
    builds.filter((x) => x.mark !== 'same').length +
    builds.reduce((n, x) => n + x.steps.filter((s) => s.mark !== 'same').length, 0);
  return { score, checks, builds, differences };
}
