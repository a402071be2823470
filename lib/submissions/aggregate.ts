import type { SubmissionStatus } from '../generated/prisma/enums';

/** The fields of a submission that attempt/best-score aggregation needs. */
export type AttemptRow = {
  id: string;
  userId: string;
  labId: string;
  status: SubmissionStatus;
  score: number | null;
  maxScore: number | null;
  createdAt: Date;
};

export type LabProgress = {
  /** Best score among GRADED submissions, null when none is graded. */
  best: number | null;
  maxScore: number | null;
  /** GRADED submissions only: infrastructure failures (FAILED) and pending ones are not attempts. */
  attempts: number;
  latestStatus: SubmissionStatus | null;
  latestId: string | null;
  bestId: string | null;
  /** The submission to link to: the best one, else the latest. */
  linkId: string | null;
  total: number;
};

export const EMPTY_PROGRESS: LabProgress = {
  best: null,
  maxScore: null,
  attempts: 0,
  latestStatus: null,
  latestId: null,
  bestId: null,
  linkId: null,
  total: 0,
};

/** Summarise one user's submissions for one lab. Ties on the best score go to the earliest. */
export function summarizeAttempts(rows: readonly AttemptRow[]): LabProgress {
  if (rows.length === 0) return { ...EMPTY_PROGRESS };
  let latest: AttemptRow | null = null;
  let best: AttemptRow | null = null;
  let attempts = 0;
  for (const r of rows) {
    if (!latest || r.createdAt > latest.createdAt) latest = r;
    if (r.status !== 'GRADED') continue;
    attempts++;
    const score = r.score ?? 0;
    if (
      !best ||
      score > (best.score ?? 0) ||
      (score === (best.score ?? 0) && r.createdAt < best.createdAt)
    ) {
      best = r;
    }
  }
  return {
    best: best ? (best.score ?? 0) : null,
    maxScore: best?.maxScore ?? latest?.maxScore ?? null,
    attempts,
    latestStatus: latest?.status ?? null,
    latestId: latest?.id ?? null,
    bestId: best?.id ?? null,
    linkId: best?.id ?? latest?.id ?? null,
    total: rows.length,
  };
}

/** userId → labId → progress. */
export function progressByUserAndLab(rows: readonly AttemptRow[]): Map<string, Map<string, LabProgress>> {
  const grouped = new Map<string, Map<string, AttemptRow[]>>();
  for (const r of rows) {
    let byLab = grouped.get(r.userId);
    if (!byLab) grouped.set(r.userId, (byLab = new Map()));
    let list = byLab.get(r.labId);
    if (!list) byLab.set(r.labId, (list = []));
    list.push(r);
  }
  const out = new Map<string, Map<string, LabProgress>>();
  for (const [userId, byLab] of grouped) {
    const m = new Map<string, LabProgress>();
    for (const [labId, list] of byLab) m.set(labId, summarizeAttempts(list));
    out.set(userId, m);
  }
  return out;
}

/** "7 / 10", "7.5 / 10", "—". */
export function formatScore(score: number | null | undefined, max: number | null | undefined): string {
  if (score == null) return '—';
  const f = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
  return max == null ? f(score) : `${f(score)} / ${f(max)}`;
}
