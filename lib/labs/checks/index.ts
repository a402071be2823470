import { buildCheckKind } from './build';
import { cacheCheckKind } from './cache';
import { fileCheckKind } from './file';
import { runCheckKind } from './run';
import { contextCheckKind } from './context';
import { imageSizeCheckKind } from './image-size';
import { metadataCheckKind } from './metadata';
import { secretCheckKind } from './secret';
import { historyCheckKind } from './history'; import { layerCountCheckKind } from './layer-count'; import { wastedBytesCheckKind } from './wasted-bytes'; import { fileAbsentFromLayersCheckKind } from './file-absent-from-layers'; import { lintCheckKind } from './lint';
import type { CheckKindDefinition } from './types';

/**
 * Registry of check kinds (definitions: YAML options + build dependencies). Adding a kind: one file
 * here + one line below, and its runner in grader/checks/ + one line in grader/checks/registry.ts.
 */
export const checkKindDefinitions = [buildCheckKind, cacheCheckKind, fileCheckKind, runCheckKind, imageSizeCheckKind, secretCheckKind, contextCheckKind, metadataCheckKind, historyCheckKind, layerCountCheckKind, wastedBytesCheckKind, fileAbsentFromLayersCheckKind, lintCheckKind] as const;

export type CheckKind = (typeof checkKindDefinitions)[number]['kind'];

export function checkKindDefinition(kind: string): CheckKindDefinition | undefined {
  return (checkKindDefinitions as readonly CheckKindDefinition<any>[]).find((k) => k.kind === kind);
}

export { buildCheckKind, cacheCheckKind, fileCheckKind, runCheckKind, imageSizeCheckKind, secretCheckKind, contextCheckKind, metadataCheckKind, historyCheckKind, layerCountCheckKind, wastedBytesCheckKind, fileAbsentFromLayersCheckKind, lintCheckKind };
export type { CheckKindDefinition };
