/**
 * Everything the grader knows per check kind, derived from the one list in kinds.ts: the zod union
 * of check entries (for grader/labs.ts), the lookup by name, the definition checks and the runner.
 */
import { z } from 'zod';
import * as kinds from './kinds';
import { unknownBuild, type CheckDefinitionIssue, type CheckKind, type LabUnderValidation } from './kind';
import type { CheckContext, CheckOutcome } from './types';

type AnyCheckKind = (typeof kinds)[keyof typeof kinds];

/**
 * Every check kind, sorted by name: an ES module namespace lists its exports sorted (vitest), a
 * CommonJS one in declaration order (tsx), and labs/lab.schema.json must not depend on which loaded it.
 */
export const checkKinds: readonly AnyCheckKind[] = Object.values(kinds).sort((a, b) => a.kind.localeCompare(b.kind));

/** A check entry of lab.yaml, validated by its kind (options with their defaults). */
export type LabCheck = z.output<AnyCheckKind['entrySchema']>;

/** One check entry, read by the options of its `kind`. */
export const CheckSchema = z.discriminatedUnion(
  'kind',
  checkKinds.map((k) => k.entrySchema) as unknown as [AnyCheckKind['entrySchema'], ...AnyCheckKind['entrySchema'][]],
);

/** The kind named `kind`, or undefined. */
export function checkKind(kind: string): CheckKind | undefined {
  return (checkKinds as readonly CheckKind[]).find((k) => k.kind === kind);
}

function kindOf(check: LabCheck): CheckKind {
  const kind = checkKind(check.kind);
  if (!kind) throw new Error(`unknown check kind ${check.kind}`); // the schema admits none
  return kind;
}

/** Builds whose success `check` needs (see CheckKindSpec.requiredBuilds). */
export function requiredBuilds(check: LabCheck, buildOrder: readonly string[]): string[] {
  return kindOf(check).requiredBuilds(check as never, buildOrder);
}

/** Lab-definition problems of one check: a `build` that names no build, then the kind's own `validate`. */
export function checkDefinitionIssues(check: LabCheck, lab: LabUnderValidation): CheckDefinitionIssue[] {
  const build = (check as { build?: unknown }).build;
  return [...(typeof build === 'string' ? unknownBuild(['build'], build, lab) : []), ...(kindOf(check).validate?.(check as never, lab) ?? [])];
}

/**
 * The byte strings the lab's checks want searched for in layer contents (CheckKindSpec.contentNeedles),
 * searched by the grade's one image read; `nonce` is the grade's (per-grade secrets derive from it).
 */
export function contentNeedles(checks: readonly LabCheck[], grade: { nonce: string }): string[] {
  return [...new Set(checks.flatMap((c) => kindOf(c).contentNeedles?.(c as never, grade) ?? []))];
}

/** Does any of the checks read the builds' images (CheckKindSpec.readsImages, contentNeedles)? */
export function checksReadImages(checks: readonly LabCheck[]): boolean {
  return checks.some((c) => {
    const kind = kindOf(c);
    return !!kind.readsImages || !!kind.contentNeedles;
  });
}

/** Run one check entry through its kind (CheckKindSpec.run). */
export function runCheckEntry(ctx: CheckContext, check: LabCheck): Promise<CheckOutcome> {
  return kindOf(check).run(ctx, check as never);
}
