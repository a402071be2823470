/**
 * What a check kind is: ONE file (grader/checks/<kind>.ts) made with `defineCheckKind`, listed by one
 * line in grader/checks/registry.ts. The file owns the kind's lab.yaml options (zod, with a
 * description on every field: they become the JSON Schema), their defaults, the lab-definition checks
 * (`validate`, run by the loader and `lab:check`, so a lab mistake never surfaces while grading), the
 * builds it needs, the help a failing check shows, and `run`.
 *
 * `run` gets everything about the grade through CheckContext (types.ts): Docker only through its
 * ImageDriver, so importing a kind file pulls no Docker code (proved by import-graph.test.ts).
 */
import { z } from 'zod';
import { CHECK_ENTRY_FIELDS } from '../../lib/labs/schema';
import { describeSelector, type StepSelector } from '../../lib/labs/step-selector';
import type { ParsedDockerfile } from '../../lib/dockerfile/parse';
import { selectInstructions } from '../dockerfile/select';
import type { CheckContext, CheckOutcome } from './types';

/** A whole check entry of kind `K`: the common fields (id, title, points, hint, lesson) and the kind's options, defaults applied. */
export type CheckEntryOf<K extends string, Shape extends z.ZodRawShape> = z.output<
  z.ZodObject<{ kind: z.ZodLiteral<K> } & typeof CHECK_ENTRY_FIELDS & Shape, z.core.$strict>
>;

/** A problem of a lab definition, at a path below the check entry (e.g. `['step']`). */
export interface CheckDefinitionIssue {
  path: (string | number)[];
  message: string;
}

/** What `validate` may look at besides the check itself. */
export interface LabUnderValidation {
  /** The lab's build names, in order. */
  builds: readonly string[];
  /** Absolute path of the lab folder (undefined when a lab.yaml is validated on its own, e.g. in an editor). */
  dir?: string;
  /** The solution's Dockerfile, parsed (undefined when there is none to read). */
  solution?: ParsedDockerfile;
}

export interface CheckKindSpec<K extends string, Shape extends z.ZodRawShape> {
  kind: K;
  /** One sentence: what the kind checks (lab.yaml documentation and the JSON Schema). */
  description: string;
  /** The kind's own fields, next to kind/id/title/points/hint/lesson; each with `.describe()`, defaults with `.default()`. */
  options: Shape;
  /** For a failing check: why Docker behaves so (a sentence a student learns from), and the usual fix. */
  help: { why: string; fix: string };
  /**
   * Builds whose success the check needs; when one failed it is not evaluated and scores 0. Default:
   * the check's `build` option when it has one, else none. `buildOrder`: the lab's build names in order.
   */
  requiredBuilds?(check: CheckEntryOf<K, Shape>, buildOrder: readonly string[]): string[];
  /**
   * Lab-definition problems of this entry that its zod options cannot see alone (a selector that picks
   * no step of the solution, a reference file that does not exist, …). A `build` option naming no
   * build is already reported for every kind (registry.ts).
   */
  validate?(check: CheckEntryOf<K, Shape>, lab: LabUnderValidation): CheckDefinitionIssue[];
  /**
   * Byte strings to search for in the contents of every file of every layer (deleted-later files
   * included) of the builds' final images. The grade's one image read searches them and each
   * ImageAnalysis carries the hits (`contentHits`), so a kind never streams an image of its own.
   * `grade.nonce`: the grade's nonce (e.g. grader/secret.ts derives the per-grade secret from it).
   */
  contentNeedles?(check: CheckEntryOf<K, Shape>, grade: { nonce: string }): string[];
  /**
   * The kind reads the builds' images (ctx.imageAnalysis: layers, file tree, waste). The grade then
   * starts its one image read as the checks start; otherwise only after the score (for the layer
   * explorer), so the read does not compete with the checks for the machine. A kind with
   * `contentNeedles` reads images too.
   */
  readsImages?: boolean;
  /** Evaluate the check; `check` is the whole validated entry. Throw InfrastructureError only for a grader fault. */
  run(ctx: CheckContext, check: CheckEntryOf<K, Shape>): Promise<CheckOutcome>;
}

export interface CheckKind<K extends string = string, Shape extends z.ZodRawShape = z.ZodRawShape> extends CheckKindSpec<K, Shape> {
  /** The strict zod object of one check entry of this kind (common fields + options). */
  entrySchema: z.ZodObject<{ kind: z.ZodLiteral<K> } & typeof CHECK_ENTRY_FIELDS & Shape, z.core.$strict>;
  requiredBuilds(check: CheckEntryOf<K, Shape>, buildOrder: readonly string[]): string[];
}

/** `[issue]` when `name` is not one of the lab's builds (for a kind's `validate`). */
export function unknownBuild(path: (string | number)[], name: string, lab: LabUnderValidation): CheckDefinitionIssue[] {
  return lab.builds.includes(name) ? [] : [{ path, message: `unknown build \`${name}\` (builds: ${lab.builds.join(', ')})` }];
}

/**
 * `[issue]` when `selector` picks no instruction of the lab's solution Dockerfile: the check could
 * never see the step it is about, so the selector (not the student) is wrong.
 */
export function selectorIssues(path: (string | number)[], selector: StepSelector, lab: LabUnderValidation): CheckDefinitionIssue[] {
  if (!lab.solution || selectInstructions(lab.solution, selector).length > 0) return [];
  return [{ path, message: `selects no step of solution/Dockerfile (${describeSelector(selector)}): check the instruction, program and subcommand` }];
}

/** Makes a check kind from its spec (see CheckKindSpec); the file exports it as `<name>Check`. */
export function defineCheckKind<K extends string, Shape extends z.ZodRawShape>(spec: CheckKindSpec<K, Shape>): CheckKind<K, Shape> {
  const entrySchema = z
    .strictObject({ kind: z.literal(spec.kind).describe(spec.description), ...CHECK_ENTRY_FIELDS, ...spec.options })
    .describe(`Check of kind \`${spec.kind}\`: ${spec.description}`) as CheckKind<K, Shape>['entrySchema'];
  const requiredBuilds =
    spec.requiredBuilds ?? ((check: CheckEntryOf<K, Shape>) => (typeof (check as { build?: unknown }).build === 'string' ? [(check as { build: string }).build] : []));
  return { ...spec, entrySchema, requiredBuilds };
}
