import type { SubmissionStatus } from '../generated/prisma/enums';
import type { SubmissionDetail } from './get';
import { parseStoredReport, type StoredReport } from './report';
import { OUTPUT_CAPS } from '../grading/limits';

/** What the live submission view needs; the same JSON for the first render and for polling. */
export type SubmissionView = {
  id: string;
  labId: string;
  status: SubmissionStatus;
  progress: string | null;
  score: number | null;
  maxScore: number | null;
  failureReason: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  user: { id: string; name: string };
  checks: { checkId: string; title: string; passed: boolean; points: number; maxPoints: number; feedback: string }[];
  builds: {
    name: string;
    ok: boolean | null;
    durationMs: number | null;
    steps: { n: number; instruction: string; cached: boolean }[];
  }[];
  /** Only once the submission is finished (it can be long). */
  buildLog: string | null;
  /** The grader's full report (step timing and sizes, cache diffs, waste map, help), once graded. */
  report: StoredReport | null;
};

export const MAX_LOG_CHARS = OUTPUT_CAPS.shownBuildLogChars;

export function isFinished(status: SubmissionStatus): boolean {
  return status === 'GRADED' || status === 'FAILED';
}

export function toSubmissionView(s: SubmissionDetail): SubmissionView {
  const finished = isFinished(s.status);
  let buildLog: string | null = null;
  if (finished && s.buildLog) {
    buildLog =
      s.buildLog.length > MAX_LOG_CHARS
        ? '… (truncated)\n' + s.buildLog.slice(s.buildLog.length - MAX_LOG_CHARS)
        : s.buildLog;
  }
  return {
    id: s.id,
    labId: s.labId,
    status: s.status,
    progress: s.progress,
    score: s.score,
    maxScore: s.maxScore,
    failureReason: s.failureReason,
    createdAt: s.createdAt.toISOString(),
    startedAt: s.startedAt?.toISOString() ?? null,
    finishedAt: s.finishedAt?.toISOString() ?? null,
    user: { id: s.user.id, name: s.user.name },
    checks: s.checks.map((c) => ({
      checkId: c.checkId,
      title: c.title,
      passed: c.passed,
      points: c.points,
      maxPoints: c.maxPoints,
      feedback: c.feedback,
    })),
    builds: s.builds.map((b) => ({
      name: b.name,
      ok: b.ok,
      durationMs: b.durationMs,
      steps: b.steps.map((st) => ({ n: st.n, instruction: st.instruction, cached: st.cached })),
    })),
    buildLog,
    report: s.status === 'GRADED' ? withoutStalePending(parseStoredReport((s as { report?: unknown }).report), s.finishedAt) : null,
  };
}

/** How long after its score a report may still wait for its layer explorer (the worker reads it in seconds). */
export const LAYERS_PENDING_LIMIT_MS = 10 * 60_000;

/**
 * A report still `layersPending` long after its score (the worker stopped between the score and the
 * explorer): shown without the explorer and without the "reading the layers" notice.
 */
export function withoutStalePending(report: StoredReport | null, finishedAt: Date | null | undefined, now = Date.now()): StoredReport | null {
  if (!report?.layersPending || !finishedAt || now - finishedAt.getTime() < LAYERS_PENDING_LIMIT_MS) return report;
  const { layersPending: _stale, ...rest } = report;
  return rest;
}

/** The submitted files as a name → content map (the column is JSON). */
export function submittedFiles(files: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (files && typeof files === 'object' && !Array.isArray(files)) {
    for (const [k, v] of Object.entries(files as Record<string, unknown>)) {
      if (typeof v === 'string') out[k] = v;
    }
  }
  return out;
}
