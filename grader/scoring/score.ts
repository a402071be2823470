/** Check outcomes → score (pure). */
import { requiredBuilds, type LabCheck } from '../checks/registry';
import type { CheckOutcome } from '../checks/types';
import type { CheckReport } from '../../lib/grading/report';

export type { CheckReport } from '../../lib/grading/report';

export interface BuildState {
  ok: boolean;
  /** Short reason shown for dependent checks, e.g. "at line 4: unknown instruction: RUNN". */
  reason?: string;
  /** For a build not attempted: the earlier build whose failure stopped it (named instead). */
  blockedBy?: string;
}

/**
 * A check is evaluated only when every build it needs succeeded; otherwise it scores 0 with a
 * feedback naming the first failed build.
 */
export function notEvaluatedReason(check: LabCheck, buildOrder: readonly string[], builds: ReadonlyMap<string, BuildState>): string | undefined {
  const needed = requiredBuilds(check, buildOrder);
  for (const name of needed) {
    const b = builds.get(name);
    if (!b || !b.ok) {
      const root = b?.blockedBy ? builds.get(b.blockedBy) : undefined;
      const failed = b?.blockedBy ?? name;
      const reason = root ? root.reason : b?.reason;
      return `Not evaluated because build \`${failed}\` failed${reason ? ` (${reason})` : ''}.`;
    }
  }
  return undefined;
}

export function scoreChecks(entries: readonly { check: LabCheck; outcome: CheckOutcome }[]): { score: number; maxScore: number; checks: CheckReport[] } {
  const checks = entries.map(({ check, outcome }) => {
    const maxPoints = check.points;
    const raw = outcome.points ?? (outcome.passed ? maxPoints : 0);
    const points = Math.max(0, Math.min(maxPoints, Number.isFinite(raw) ? Math.round(raw) : 0));
    return { id: check.id, title: check.title, passed: outcome.passed, points, maxPoints, feedback: outcome.feedback };
  });
  return {
    score: checks.reduce((s, c) => s + c.points, 0),
    maxScore: checks.reduce((s, c) => s + c.maxPoints, 0),
    checks,
  };
}
