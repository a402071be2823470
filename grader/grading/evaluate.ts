/**
 * Stage 5, evaluate: every check of the lab in order. A check runs only when every build it needs
 * succeeded (scoring/score.ts `notEvaluatedReason`) and every earlier check it `requires` passed;
 * otherwise it scores 0 with the reason.
 */
import { OUTPUT_CAPS } from '../../lib/grading/limits';
import { runCheckEntry } from '../checks/registry';
import type { BuildRecord, CheckContext, CheckOutcome } from '../checks/types';
import type { LabCheck } from '../labs';
import { notEvaluatedReason, type BuildState } from '../scoring/score';
import type { Emit } from './types';

export interface EvaluatedCheck {
  check: LabCheck;
  outcome: CheckOutcome;
}

/** The outcome of every check; `checkAborted` throws when the grade was cancelled or stopped. */
export async function evaluateChecks(ctx: CheckContext, emit: Emit, checkAborted: () => void, run = runCheckEntry): Promise<EvaluatedCheck[]> {
  const order = ctx.lab.builds.map((b) => b.name);
  const states = new Map<string, BuildState>([...ctx.builds].map(([name, b]) => [name, buildState(b)]));
  const out: EvaluatedCheck[] = [];
  for (const check of ctx.lab.checks) {
    checkAborted();
    const reason = notEvaluatedReason(check, order, states) ?? unmetRequirement(check, out);
    const outcome = reason ? { passed: false, feedback: reason } : await run(ctx, check);
    emit({ type: 'check', id: check.id, passed: outcome.passed });
    out.push({ check, outcome });
  }
  return out;
}

/** Why `check` is not evaluated: the first check it `requires` that did not pass (the loader made sure it comes earlier). */
export function unmetRequirement(check: LabCheck, done: readonly EvaluatedCheck[]): string | undefined {
  for (const id of check.requires ?? []) {
    const req = done.find((d) => d.check.id === id);
    if (req && !req.outcome.passed) {
      return `Not evaluated because check \`${id}\` (${req.check.title}) did not pass: this check only counts once it does.`;
    }
  }
  return undefined;
}

function buildState(b: BuildRecord): BuildState {
  return { ok: b.ok, reason: b.ok ? undefined : b.skipped ? b.error : shortReason(b), blockedBy: b.blockedBy };
}

/** "at line 4: unknown instruction: RUNN": where and why a build failed, in one short line. */
export function shortReason(b: BuildRecord): string {
  const at = b.failedStep ? `at line ${b.failedStep.line ?? `step ${b.failedStep.n}`}` : '';
  const err = (b.error ?? '').split('\n')[0];
  const cap = OUTPUT_CAPS.buildFailureReasonChars;
  return [at, err.length > cap ? `${err.slice(0, cap - 1)}…` : err].filter(Boolean).join(': ');
}
