// Pure statistics of one lab in one class: score distribution, pass rate per check, the check most
// often failed with a representative feedback excerpt, and median attempts to full score.
import { bin, median } from 'd3-array';
import type { EffectiveAttempt } from './grades';

export type ScoreBin = {
  /** Lower bound (inclusive), in points. */
  x0: number;
  /** Upper bound (exclusive, except the last bin, which includes the maximum), in points. */
  x1: number;
  /** How many values fall in it. */
  count: number;
  /** "0–10", "90–100". */
  label: string;
};

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/**
 * Bins scores on [0, maxScore] into `binCount` equal bins (d3-array's bin; the last bin includes
 * maxScore). Scores outside the range are clamped into it (a lab whose points changed). Returns []
 * when maxScore is not positive.
 */
export function scoreDistribution(scores: readonly number[], maxScore: number, binCount = 10): ScoreBin[] {
  if (!(maxScore > 0) || !Number.isFinite(maxScore)) return [];
  const n = Math.max(1, Math.floor(binCount));
  const thresholds = Array.from({ length: n - 1 }, (_, i) => ((i + 1) * maxScore) / n);
  const clamped = scores.filter((s) => Number.isFinite(s)).map((s) => Math.min(maxScore, Math.max(0, s)));
  const bins = bin().domain([0, maxScore]).thresholds(thresholds)(clamped);
  return bins.map((b) => {
    const x0 = b.x0 ?? 0;
    const x1 = b.x1 ?? maxScore;
    return { x0, x1, count: b.length, label: `${fmt(x0)}–${fmt(x1)}` };
  });
}

/** One check's result in one counting grade (a CheckResult row). */
export type CheckRow = { submissionId: string; checkId: string; title: string; position: number; passed: boolean; feedback: string };

export type CheckPassRate = { checkId: string; title: string; passed: number; total: number; /** passed / total, 0..1 */ rate: number };

/**
 * Pass rate of each check over the given check rows (one row per check per counting grade), in the
 * lab's check order (position, then id). The title is the most recent one seen (the last row).
 */
export function checkPassRates(rows: readonly CheckRow[]): CheckPassRate[] {
  const by = new Map<string, { title: string; position: number; passed: number; total: number }>();
  for (const r of rows) {
    const s = by.get(r.checkId) ?? { title: r.title, position: r.position, passed: 0, total: 0 };
    s.title = r.title;
    s.position = Math.min(s.position, r.position);
    s.total++;
    if (r.passed) s.passed++;
    by.set(r.checkId, s);
  }
  return [...by]
    .sort(([a, x], [b, y]) => x.position - y.position || (a < b ? -1 : a > b ? 1 : 0))
    .map(([checkId, s]) => ({ checkId, title: s.title, passed: s.passed, total: s.total, rate: s.total === 0 ? 0 : s.passed / s.total }));
}

/** Longest feedback excerpt shown, in characters. */
export const EXCERPT_CHARS = 240;

export type FailingCheck = {
  checkId: string;
  title: string;
  failures: number;
  total: number;
  /** The most frequent feedback text among its failures (whitespace collapsed, cut to EXCERPT_CHARS with "…"). */
  excerpt: string;
  /** How many failures gave exactly that feedback. */
  excerptCount: number;
};

/**
 * The check that failed most often (ties: the lower pass rate, then the earlier check), with its most
 * frequent feedback (ties: the first seen). Null when no check ever failed.
 */
export function mostCommonFailingCheck(rows: readonly CheckRow[]): FailingCheck | null {
  const rates = checkPassRates(rows);
  let worst: CheckPassRate | null = null;
  for (const r of rates) {
    const failures = r.total - r.passed;
    if (failures === 0) continue;
    if (!worst || failures > worst.total - worst.passed || (failures === worst.total - worst.passed && r.rate < worst.rate)) worst = r;
  }
  if (!worst) return null;
  const texts = new Map<string, number>();
  for (const r of rows) {
    if (r.checkId !== worst.checkId || r.passed) continue;
    const t = r.feedback.replace(/\s+/g, ' ').trim();
    texts.set(t, (texts.get(t) ?? 0) + 1);
  }
  let excerpt = '';
  let excerptCount = 0;
  for (const [t, c] of texts) if (c > excerptCount) [excerpt, excerptCount] = [t, c];
  return {
    checkId: worst.checkId,
    title: worst.title,
    failures: worst.total - worst.passed,
    total: worst.total,
    excerpt: truncate(excerpt, EXCERPT_CHARS),
    excerptCount,
  };
}

/** Cuts `text` to at most `max` characters (code points), ending with "…" when cut. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

export type AttemptsToFullScore = {
  /** Median number of graded attempts up to and including the first full score; null when nobody reached it. */
  median: number | null;
  /** Students who reached full score. */
  reached: number;
  /** Students with at least one graded attempt. */
  students: number;
};

/**
 * For each student, counts graded attempts (in submission order) up to the first whose counting
 * score equals its maximum; the median of those counts over the students who got there (d3-array's
 * median: the mean of the two middle values for an even count).
 */
export function medianAttemptsToFullScore(attempts: readonly EffectiveAttempt[]): AttemptsToFullScore {
  const byStudent = new Map<string, EffectiveAttempt[]>();
  for (const a of attempts) {
    if (a.status !== 'GRADED' || a.score === null) continue;
    const list = byStudent.get(a.userId) ?? [];
    list.push(a);
    byStudent.set(a.userId, list);
  }
  const counts: number[] = [];
  for (const list of byStudent.values()) {
    list.sort((x, y) => x.submittedAt.getTime() - y.submittedAt.getTime());
    const i = list.findIndex((a) => a.maxScore !== null && a.maxScore > 0 && (a.score ?? 0) >= a.maxScore);
    if (i >= 0) counts.push(i + 1);
  }
  return { median: median(counts) ?? null, reached: counts.length, students: byStudent.size };
}
