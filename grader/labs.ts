/**
 * Labs as the grader reads them: lib/labs's format with every check validated by its kind (options,
 * defaults, `validate` against the lab's builds, folder and solution Dockerfile) and the sandbox
 * limits resolved. The worker, the CLI, `lab:check` and the tests load labs through here; the web
 * reads them with lib/labs/loader.ts (no check options, no grader code).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { assertLabId, labsRoot, loadLabWith, parseLabYaml, type Lab as LabOf, type LoaderOptions } from '../lib/labs/loader';
import { labSchemaWith } from '../lib/labs/schema';
import { CheckSchema, checkDefinitionIssues, type LabCheck } from './checks/registry';
import type { LabUnderValidation } from './checks/kind';
import { parseDockerfile } from '../lib/dockerfile/parse';
import { DEFAULT_SANDBOX_LIMITS } from './engine/limits';

export type { LabCheck, LoaderOptions };

/** The strict lab.yaml schema; `lab` gives the checks' `validate` the lab folder and solution. */
function strictLabSchema(lab: Omit<LabUnderValidation, 'builds'>) {
  return labSchemaWith(CheckSchema, (check, def) => checkDefinitionIssues(check, { ...lab, builds: def.builds.map((b) => b.name) }));
}

/** lab.yaml, every check read by its kind (what `lab:check`, the JSON Schema and editors see). */
export const LabSchema = strictLabSchema({});
export type LabDefinition = z.output<typeof LabSchema>;

export type ResolvedLimits = { buildTimeoutSeconds: number; runTimeoutSeconds: number; memoryMb: number };

/** From the one place every sandbox limit is set (grader/engine/limits.ts). */
export const DEFAULT_LIMITS: Readonly<ResolvedLimits> = {
  buildTimeoutSeconds: DEFAULT_SANDBOX_LIMITS.buildTimeoutSeconds,
  runTimeoutSeconds: DEFAULT_SANDBOX_LIMITS.runTimeoutSeconds,
  memoryMb: DEFAULT_SANDBOX_LIMITS.memoryMb,
};

export function resolveLimits(def: Pick<LabDefinition, 'limits'>): ResolvedLimits {
  return { ...DEFAULT_LIMITS, ...Object.fromEntries(Object.entries(def.limits ?? {}).filter(([, v]) => v !== undefined)) };
}

/** A lab as the grader grades it. */
export type Lab = LabOf<LabDefinition> & {
  /** Limits with the defaults filled in. */
  effectiveLimits: ResolvedLimits;
};

/**
 * The lab `id`, every check validated by its kind. Throws a LabDefinitionError naming the file, line
 * and field of every problem (a selector that picks no step of solution/Dockerfile included).
 */
export async function loadLab(id: string, opts?: LoaderOptions): Promise<Lab> {
  assertLabId(id);
  const dir = path.join(labsRoot(opts), id);
  const solution = await solutionDockerfile(dir);
  const lab = await loadLabWith(strictLabSchema({ dir, solution }), id, opts);
  return { ...lab, effectiveLimits: resolveLimits(lab) };
}

/** Parse + validate lab.yaml text with every check read by its kind (tests and editors). */
export function parseStrictLabYaml(text: string, file: string, expectedId?: string): LabDefinition {
  return parseLabYaml(text, file, expectedId, LabSchema);
}

/** The reference solution's Dockerfile, parsed; undefined when the lab has none (or it is unreadable: the lab-case tests report that). */
async function solutionDockerfile(dir: string): Promise<LabUnderValidation['solution']> {
  for (const rel of ['solution/Dockerfile', 'starter/Dockerfile']) {
    const text = await fs.readFile(path.join(dir, rel), 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    try {
      return parseDockerfile(text);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The committed JSON Schema of lab.yaml, relative to the project root; labs.test.ts keeps it current. */
export const LAB_JSON_SCHEMA_FILE = 'labs/lab.schema.json';

/** JSON Schema of lab.yaml, for editor autocomplete (labs/lab.schema.json: `npm run lab:schema`). */
export function labJsonSchema(): unknown {
  return z.toJSONSchema(LabSchema, { io: 'input', unrepresentable: 'any' });
}
