import { z } from 'zod';
import { describeSelector, StepSelectorSchema } from '../../lib/labs/step-selector';
import { copySources } from '../../lib/dockerfile/parse';
import { editedPaths } from '../../lib/labs/edits';
import { selectInstructions } from '../dockerfile/select';
import { code, listFiles, sourceCopies, stepRef, withHint } from '../report/feedback';
import type { BuildRecord, CheckContext, CheckOutcome, StepRecord } from './types';
import { defineCheckKind, selectorIssues } from './kind';

/**
 * `cache`: after a build, the step(s) a selector picks (by meaning: lib/labs/step-selector.ts) were
 * cache hits (or were rebuilt).
 * Reads the verified per-step state (image history, see inspect/history.ts); an unverifiable step
 * fails the check instead of trusting the build output. Feedback names the step's line and, for an
 * unexpected rebuild, the earlier step that caused it (usually a COPY of an edited file) or, for a
 * COPY/ADD rebuilt by its own files, those files. Only edited files that reached the engine count as
 * changes (BuildRecord.changedFiles); the edited files .dockerignore kept out are named as such.
 */
export const cacheCheck = defineCheckKind({
  kind: 'cache',
  description:
    'After build `build`, the step(s) that `step` selects must have been taken from the build cache (`cached: true`) or rebuilt (`cached: false`).',
  options: {
    build: z.string().min(1).describe('The build (from `builds`) whose steps are inspected.'),
    step: StepSelectorSchema.describe(
      'The step(s) inspected, selected by meaning (instruction, program, subcommand, …), e.g. `{instruction: RUN, program: npm, subcommand: [install, i, ci]}` for the dependency install in any spelling Docker caches alike (see labs/README.md, "Step selectors").',
    ),
    cached: z.boolean().describe('true: the matching step must be a cache hit; false: it must have run again.'),
    match: z
      .enum(['all', 'any'])
      .optional()
      .describe('Which matching steps must satisfy `cached`. Default: `all` when cached is true, `any` when false.'),
    stepLabel: z
      .string()
      .min(1)
      .optional()
      .describe('How feedback names the step, e.g. "the dependency install". Default: the instruction itself.'),
  },
  help: {
    why: 'The classic builder reuses a step only if its parent layer was reused and its instruction is unchanged; for COPY/ADD the checksums of the copied files count too. The first step that misses the cache is rebuilt, and so is every step after it.',
    fix: 'Copy the files a step needs (e.g. `package*.json`) before it, and the often-changing files (e.g. `src/`) after it.',
  },
  // A cache check after build X depends on every build up to X: the layers it reuses come from them.
  requiredBuilds: (o, order) => {
    const idx = order.indexOf(o.build);
    return idx < 0 ? [o.build] : order.slice(0, idx + 1);
  },
  validate: (check, lab) => selectorIssues(['step'], check.step, lab),
  async run(ctx, check) {
    const build = ctx.builds.get(check.build)!;
    const selected = new Set(selectInstructions(ctx.dockerfile, check.step).map((i) => i.n));
    const matches = build.steps.filter((s) => s.keyword !== 'FROM' && selected.has(s.n));
    const intro = introOf(ctx, build);
    const fail = (text: string, help?: CheckOutcome['help']): CheckOutcome => ({ passed: false, feedback: withHint(text, check.hint), ...(help ? { help } : {}) });

    if (matches.length === 0) {
      return fail(
        `Your Dockerfile has no ${check.stepLabel ? `${check.stepLabel} step (${describeSelector(check.step)})` : `step that is ${describeSelector(check.step)}`}, so there is nothing whose cache could be checked.`,
      );
    }
    const unverified = matches.find((s) => !s.verified);
    if (unverified) {
      return fail(`${intro}, the cache state of ${stepRef(unverified)} could not be confirmed from the image history (the build output did not match the image), so it cannot count.`);
    }
    const mode = check.match ?? (check.cached ? 'all' : 'any');
    const ok = mode === 'all' ? matches.every((s) => s.cached === check.cached) : matches.some((s) => s.cached === check.cached);
    if (ok) {
      const shown = mode === 'all' ? matches : [matches.find((m) => m.cached === check.cached)!];
      const verb = check.cached ? 'came from the cache' : 'ran again';
      return { passed: true, feedback: `${intro}, ${listFiles(shown.map((m) => stepRef(m)))} ${verb}, as ${shown.length > 1 ? 'they' : 'it'} should.` };
    }
    if (check.cached) {
      const step = matches.find((s) => !s.cached)!;
      const own = ownCopyChange(ctx, build, step);
      return fail(`${intro}, ${stepRef(step)} ran again instead of coming from the cache. ${explainRebuild(ctx, build, step, check.stepLabel)}`, own.length ? OWN_FILES_HELP : undefined);
    }
    const step = matches[0];
    return fail(`${intro}, ${stepRef(step)} came from the cache, so the change never reached it. ${explainHit(ctx, build, step)}`);
  },
});

/**
 * Why a COPY/ADD was rebuilt by the files it copies itself (no earlier step missed): the classic
 * builder's cache key of a COPY is the checksum of every file it copies, needed by the app or not.
 */
const OWN_FILES_HELP = {
  why: 'The classic builder reuses a COPY or ADD only when the checksum of every file it copies is unchanged, whether or not the app reads the file. A file that changes without the app changing (a log, a local install, version-control data) therefore rebuilds that COPY and every step after it.',
  fix: 'Leave such files out of the build context with .dockerignore (a file that is never sent cannot change the checksum), or copy only what the image needs.',
};

/** "In build `x` (after changing a; the edited b and c never reached the engine: …)". */
function introOf(ctx: CheckContext, build: BuildRecord): string {
  const parts: string[] = [];
  if (build.changedFiles.length) parts.push(`after changing ${listFiles(build.changedFiles)}`);
  const kept = editsLeftOut(ctx, build);
  if (kept.length) parts.push(`the edited ${listFiles(kept)} never reached the engine: your .dockerignore leaves ${kept.length > 1 ? 'them' : 'it'} out`);
  return `In build \`${build.name}\`${parts.length ? ` (${parts.join('; ')})` : ''}`;
}

/** Files the lab's edits before `build` wrote that .dockerignore left out of its context (sorted). */
function editsLeftOut(ctx: CheckContext, build: BuildRecord): string[] {
  const ignored = new Set(build.context?.ignored ?? []);
  if (ignored.size === 0) return [];
  const edits = ctx.lab.builds?.find((b) => b.name === build.name)?.edits ?? [];
  return editedPaths(edits).filter((p) => ignored.has(p)).sort();
}

/** The changed files a rebuilt COPY/ADD copies itself, when no earlier step of its stage missed the cache. */
function ownCopyChange(ctx: CheckContext, build: BuildRecord, step: StepRecord): string[] {
  if (firstEarlierMiss(build, step)) return [];
  return filesCopiedBy(ctx, step, build.changedFiles);
}

function firstEarlierMiss(build: BuildRecord, step: StepRecord): StepRecord | undefined {
  return build.steps.find((s) => s.stage === step.stage && s.n < step.n && s.keyword !== 'FROM' && !s.cached);
}

function sourcesOf(ctx: CheckContext, step: StepRecord): string[] | undefined {
  const ins = ctx.dockerfile.instructions.find((i) => i.n === step.n);
  if (!ins || (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') || ins.flags.from !== undefined) return undefined;
  return copySources(ins);
}

function filesCopiedBy(ctx: CheckContext, step: StepRecord, files: string[]): string[] {
  const sources = sourcesOf(ctx, step);
  if (!sources) return [];
  return files.filter((f) => sources.some((src) => sourceCopies(src, f)));
}

/** Why was `step` rebuilt? The first earlier rebuilt step of its stage is the cause. */
export function explainRebuild(ctx: CheckContext, build: BuildRecord, step: StepRecord, label?: string): string {
  const layer = label ? `the ${label} layer` : 'its layer';
  const cause = firstEarlierMiss(build, step);
  if (!cause) {
    const own = ownCopyChange(ctx, build, step);
    if (own.length) {
      return `It copies ${listFiles(own)}, which changed since the previous build, so its own cache key (the checksum of every file it copies) changed: it ran again, and so did every step after it.`;
    }
    return `No earlier step changed, so ${stepRef(step)} itself must have changed.`;
  }
  if (cause.keyword === 'COPY' || cause.keyword === 'ADD') {
    const files = filesCopiedBy(ctx, cause, build.changedFiles);
    if (files.length) {
      return `${stepRef(cause, true)} copies ${listFiles(files)} before ${stepRef(step)}, so editing ${listFiles(files)} invalidates ${layer} (and every layer after it).`;
    }
    return `${stepRef(cause, true)} was rebuilt (something it copies changed), and it comes before ${stepRef(step)}, so ${layer} was invalidated too.`;
  }
  return `${stepRef(cause, true)} was rebuilt, which invalidates every later step, including ${stepRef(step)}.`;
}

function explainHit(ctx: CheckContext, build: BuildRecord, step: StepRecord): string {
  const changed = build.changedFiles;
  const copying = build.steps.filter((s) => s.stage === step.stage && s.n < step.n && filesCopiedBy(ctx, s, changed).length > 0);
  if (copying.length === 0) {
    return changed.length
      ? `No COPY before it copies ${listFiles(changed)}, so the cache cannot see the change.`
      : 'No COPY before it copies the changed files, so the cache cannot see the change.';
  }
  return `${stepRef(copying[0], true)} copies ${listFiles(filesCopiedBy(ctx, copying[0], changed))}, yet the step was reused.`;
}
