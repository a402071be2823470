import type { LabCheck } from '../../lib/labs/schema';
import { checkKindDefinitions } from '../../lib/labs/checks';
import { buildCheck } from './build';
import { cacheCheck } from './cache';
import { fileCheck } from './file';
import { runCheck } from './run';
import { contextCheck } from './context';
import { imageSizeCheck } from './image-size';
import { metadataCheck } from './metadata';
import { secretCheck } from './secret';
import { historyCheck } from './history'; import { layerCountCheck } from './layer-count'; import { wastedBytesCheck } from './wasted-bytes'; import { fileAbsentFromLayersCheck } from './file-absent-from-layers'; import { lintCheck } from './lint';
import type { CheckContext, CheckKind, CheckOutcome } from './types';

/**
 * Check kinds by name. Adding a kind: its definition in lib/labs/checks/<kind>.ts (YAML options,
 * used by the lab schema) and its runner in grader/checks/<kind>.ts, one line in each registry.
 */
export const checkRegistry: { [K in LabCheck['kind']]: CheckKind<K> } = {
  build: buildCheck,
  cache: cacheCheck,
  file: fileCheck,
  run: runCheck,
  'image-size': imageSizeCheck, secret: secretCheck, context: contextCheck, metadata: metadataCheck,
  history: historyCheck, 'layer-count': layerCountCheck, 'wasted-bytes': wastedBytesCheck, 'file-absent-from-layers': fileAbsentFromLayersCheck, lint: lintCheck,
};

/** Every defined kind has a runner (also asserted by a unit test). */
export function missingRunners(): string[] {
  return checkKindDefinitions.map((d) => d.kind).filter((k) => !(k in checkRegistry));
}

export function runCheckEntry(ctx: CheckContext, check: LabCheck): Promise<CheckOutcome> {
  const kind = checkRegistry[check.kind] as CheckKind<LabCheck['kind']>;
  return kind.run(ctx, check as never);
}
