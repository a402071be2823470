import { buildCheckKind } from './build';
import { cacheCheckKind } from './cache';
import { fileCheckKind } from './file';
import { runCheckKind } from './run';
import type { CheckKindDefinition } from './types';

/**
 * Registry of check kinds (definitions: YAML options + build dependencies). Adding a kind: one file
 * here + one line below, and its runner in grader/checks/ + one line in grader/checks/registry.ts.
 */
export const checkKindDefinitions = [buildCheckKind, cacheCheckKind, fileCheckKind, runCheckKind] as const;

export type CheckKind = (typeof checkKindDefinitions)[number]['kind'];

export function checkKindDefinition(kind: string): CheckKindDefinition | undefined {
  return (checkKindDefinitions as readonly CheckKindDefinition<any>[]).find((k) => k.kind === kind);
}

export { buildCheckKind, cacheCheckKind, fileCheckKind, runCheckKind };
export type { CheckKindDefinition };
