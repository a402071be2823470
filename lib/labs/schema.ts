import { z } from 'zod';
import { relativePathProblem } from './paths';
import { GenerateEditSchema } from './generate';

/**
 * The format of `labs/<id>/lab.yaml` (pure: shared by the grader, the CLI and the web app), minus the
 * options of each check kind: those belong to the kind's own file (grader/checks/<kind>.ts), and the
 * grader composes the strict schema from them (grader/labs.ts `LabSchema`). The web reads a check as
 * its common fields (`CheckEntrySchema`); it never needs a kind's options, and so never imports grader
 * code. Parsed strictly everywhere else: an unknown key is an error, so a typo never silently disables a check.
 */

export const LAB_ID_RE = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
const NAME_RE = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

const relativePath = (what: string) =>
  z
    .string()
    .superRefine((p, ctx) => {
      const problem = relativePathProblem(p);
      if (problem) ctx.addIssue({ code: 'custom', message: `${what} ${problem}` });
    });

export const EditSchema = z.discriminatedUnion('kind', [
  z
    .strictObject({
      kind: z.literal('replace').describe('Replace the whole content of `file` (creates it if missing).'),
      file: relativePath('file').describe('Path of the file in the build context, relative to its root.'),
      content: z.string().describe('New content. `{{nonce}}` is replaced by the per-grade nonce.'),
    })
    .describe('Replace a file in the build context.'),
  z
    .strictObject({
      kind: z.literal('append').describe('Append to `file` (creates it if missing).'),
      file: relativePath('file').describe('Path of the file in the build context, relative to its root.'),
      content: z.string().describe('Text appended. `{{nonce}}` is replaced by the per-grade nonce.'),
    })
    .describe('Append text to a file in the build context.'),
  z
    .strictObject({
      kind: z.literal('json-merge').describe('Deep-merge `value` into the JSON object stored in `file`.'),
      file: relativePath('file').describe('Path of a JSON file (e.g. package.json) in the build context.'),
      value: z
        .record(z.string(), z.unknown())
        .describe('Object merged into the file: objects merge key by key, anything else replaces.'),
    })
    .describe('Deep-merge an object into a JSON file of the build context (e.g. add a dependency).'),
  GenerateEditSchema,
]);
export type Edit = z.infer<typeof EditSchema>;

export const BuildSchema = z
  .strictObject({
    name: z
      .string()
      .regex(NAME_RE, 'must be lower-case letters, digits and dashes')
      .describe('Build name, referenced by checks (e.g. `initial`, `source-edit`).'),
    description: z.string().optional().describe('What this build demonstrates, shown in reports.'),
    edits: z
      .array(EditSchema)
      .default([])
      .describe('Edits applied to the build context before this build; they accumulate over the builds.'),
  })
  .describe('One real `docker build` of the submission. Builds run in order, sharing the build cache.');
export type BuildDef = z.infer<typeof BuildSchema>;

/** Fields every check entry has, whatever its kind (the kind's own options sit next to them). */
export const CHECK_ENTRY_FIELDS = {
  id: z
    .string()
    .regex(NAME_RE, 'must be lower-case letters, digits and dashes')
    .describe('Stable check id (kept in stored results and wrong/*/expect.yaml).'),
  title: z.string().min(1).describe('Short title shown to the student.'),
  points: z.number().int().min(0).max(1000).describe('Points awarded when the check passes.'),
  hint: z.string().optional().describe('How to fix it: appended to the feedback when the check fails.'),
  lesson: z
    .strictObject({
      slug: z.string().min(1).optional().describe('Lesson slug (default: the lab\'s `lesson.slug`).'),
      section: z.string().min(1).optional().describe('Anchor (heading id) of the section that teaches this check.'),
    })
    .optional()
    .describe('Lesson section linked from this check\'s feedback when it fails (default: the lab\'s `lesson`).'),
  requires: z
    .array(z.string().regex(NAME_RE, 'must be lower-case letters, digits and dashes').describe('The id of an earlier check.'))
    .optional()
    .describe('Ids of earlier checks that must pass for this one to be evaluated; otherwise it scores 0 and says which. For checks that would pass vacuously: "at most 2 layers" or "no archive in any layer" when nothing was installed at all.'),
};

/**
 * A check entry as the web reads it: `{kind, id, title, points, hint?, lesson?}` and the kind's
 * options left as they are (validated, with their defaults, by the grader: grader/labs.ts).
 */
export const CheckEntrySchema = z.looseObject({
  kind: z.string().regex(NAME_RE, 'must be lower-case letters, digits and dashes').describe('The check kind.'),
  ...CHECK_ENTRY_FIELDS,
});
export type CheckEntry = z.infer<typeof CheckEntrySchema>;

export const LimitsSchema = z
  .strictObject({
    buildTimeoutSeconds: z.number().int().min(5).max(1800).optional().describe('Wall-clock limit per build. Default 180.'),
    runTimeoutSeconds: z.number().int().min(1).max(300).optional().describe('Wall-clock limit per container run. Default 20.'),
    memoryMb: z.number().int().min(64).max(4096).optional().describe('Memory limit (MiB) for build steps and runs. Default 512.'),
  })
  .describe('Per-lab overrides of the grader\'s resource limits.');

/**
 * The lab schema with `checks` read by `checkSchema`; `refineCheck` adds a check's own problems
 * (the grader: unknown builds, the kind's `validate` hook), each at a path below `checks[i]`.
 */
export function labSchemaWith<C extends z.ZodType<CheckEntry, unknown>>(
  checkSchema: C,
  refineCheck?: (check: z.output<C>, lab: { builds: readonly { name: string }[] }) => { path: (string | number)[]; message: string }[],
) {
  return z
    .strictObject({
      id: z.string().regex(LAB_ID_RE, 'must be lower-case letters, digits and dashes').describe('Lab id; must equal the folder name.'),
      title: z.string().min(1).describe('Lab title.'),
      summary: z.string().min(1).describe('One or two sentences shown in the lab list.'),
      lesson: z
        .strictObject({
          slug: z.string().min(1).optional().describe('Slug of the lesson that teaches this lab.'),
          section: z.string().min(1).optional().describe('Anchor (heading id) of the section in that lesson.'),
        })
        .optional()
        .describe('Link to the lesson section that teaches what this lab grades.'),
      allowedBaseImages: z
        .array(z.string().min(1).describe('An image reference the grader provides, e.g. `layerlab/node:18`.'))
        .min(1)
        .describe('Images a submission may use in FROM; anything else is refused before building.'),
      submit: z
        .array(
          z
            .string()
            .superRefine((p, ctx) => {
              // A folder entry ends in `/`; the rest must be a safe relative path (lib/validations/submission.ts).
              const problem = relativePathProblem(p.endsWith('/') ? p.slice(0, -1) : p);
              if (problem) ctx.addIssue({ code: 'custom', message: `submit entry ${problem}` });
            })
            .describe('A file name the student may submit, matched exactly (`Dockerfile`), or a folder written with a trailing `/` (`app/`) whose files may be submitted.'),
        )
        .min(1)
        .describe('Files the student may submit (e.g. `Dockerfile`); they overlay the starter files. Names are exact: `Dockerfile` does not admit `Dockerfile/x`.'),
      unstamped: z
        .array(relativePath('unstamped entry'))
        .optional()
        .describe('Context files the grader must NOT stamp with the per-grade nonce (default: every text file it knows how to comment).'),
      limits: LimitsSchema.optional().describe('Per-lab overrides of the grader\'s resource limits (build/run timeouts, memory).'),
      report: z
        .strictObject({
          wasteMap: z
            .boolean()
            .optional()
            .describe('Add the waste map (files added by one step and deleted or overwritten by a later one) to every report. It reads the final image with `docker save` (~10 s for a 300 MB image); labs whose checks already read layers get it for free.'),
        })
        .optional()
        .describe('Optional, costlier parts of the student report.'),
      builds: z.array(BuildSchema).min(1).describe('Ordered builds; each applies its edits, then runs `docker build`.'),
      checks: z.array(checkSchema).min(1).describe('Checks scored after the builds.'),
    })
    .superRefine((lab, ctx) => {
      const names = lab.builds.map((b) => b.name);
      names.forEach((n, i) => {
        if (names.indexOf(n) !== i) ctx.addIssue({ code: 'custom', path: ['builds', i, 'name'], message: `duplicate build name \`${n}\`` });
      });
      const ids = lab.checks.map((c) => c.id);
      lab.checks.forEach((c, i) => {
        if (ids.indexOf(c.id) !== i) ctx.addIssue({ code: 'custom', path: ['checks', i, 'id'], message: `duplicate check id \`${c.id}\`` });
        (c.requires ?? []).forEach((r, j) => {
          const at = ids.indexOf(r);
          if (at < 0 || at >= i) {
            const why = at < 0 ? 'is no check of this lab' : 'does not come before it (a check may only require earlier checks)';
            ctx.addIssue({ code: 'custom', path: ['checks', i, 'requires', j], message: `required check \`${r}\` ${why}` });
          }
        });
        for (const issue of refineCheck?.(c, lab) ?? []) {
          ctx.addIssue({ code: 'custom', path: ['checks', i, ...issue.path], message: issue.message });
        }
      });
      if (lab.checks.reduce((s, c) => s + c.points, 0) <= 0) {
        ctx.addIssue({ code: 'custom', path: ['checks'], message: 'the checks must award at least one point in total' });
      }
    })
    .describe('A LayerLab lab: what the student submits, how the grader builds it, and how it is scored.');
}

/** lab.yaml as the web reads it: everything strict but the options of each check (CheckEntrySchema). */
export const LabSchema = labSchemaWith(CheckEntrySchema);

export type LabDefinition = z.infer<typeof LabSchema>;

export function maxScore(def: { checks: readonly { points: number }[] }): number {
  return def.checks.reduce((s, c) => s + c.points, 0);
}
