import { createHash } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { applyEdits, overlay, stampContext } from '../context';
import { parseDockerfile } from '../../lib/dockerfile/parse';
import { InfrastructureError } from '../errors';
import { formatBytes } from '../../lib/format';
import { code, withHint } from '../report/feedback';
import { finalBaseImage, fromStageNote, shippedSteps, requireDriver } from './final-stage';
import { stageLabel } from '../dockerfile/stages';
import type { CheckContext } from './types';
import { relativePathProblem } from '../../lib/labs/paths';
import { defineCheckKind, type CheckEntryOf } from './kind';

/** The `image-size` check's own fields in lab.yaml. */
const options = {
  build: z.string().min(1).describe('The build (from `builds`) whose final image is measured.'),
  measure: z
    .enum(['added', 'total'])
    .default('added')
    .describe('`added` (default): bytes the Dockerfile added on top of its base image; `total`: the whole image, base included.'),
  maxMb: z.number().positive().optional().describe('Absolute limit in MB (10^6 bytes) of the measured size.'),
  reference: z
    .strictObject({
      dockerfile: z
        .string()
        .superRefine((p, ctx) => {
          const problem = relativePathProblem(p);
          if (problem) ctx.addIssue({ code: 'custom', message: `reference.dockerfile ${problem}` });
        })
        .describe('Path of the reference Dockerfile, relative to the lab folder (e.g. `reference/Dockerfile.single-stage`).'),
      maxPercent: z.number().positive().max(1000).describe('The measured size must be at most this percentage of the reference image\'s.'),
      label: z.string().min(1).optional().describe('How feedback names the reference, e.g. "the single-stage build".'),
    })
    .optional()
    .describe('Compare with a reference image built from the same context (same edits) in the same grade.'),
};

type ImageSizeCheck = CheckEntryOf<'image-size', typeof options>;

export interface SizeVerdict {
  passed: boolean;
  /** One sentence with both sizes. */
  summary: string;
}

/** The size comparison itself (pure). `reference` bytes are of the same measure as `measured`. */
export function judgeSize(input: {
  measured: number;
  what: string;
  maxBytes?: number;
  reference?: { bytes: number; maxPercent: number; label: string };
}): SizeVerdict {
  const parts: string[] = [];
  let passed = true;
  if (input.maxBytes !== undefined) {
    const ok = input.measured <= input.maxBytes;
    passed &&= ok;
    parts.push(`${input.what} ${formatBytes(input.measured)} (at most ${formatBytes(input.maxBytes)} allowed)`);
  }
  if (input.reference) {
    const ref = input.reference;
    // A reference that adds nothing cannot be beaten by a percentage: only an image as small passes.
    const pct = ref.bytes > 0 ? (input.measured / ref.bytes) * 100 : input.measured > 0 ? Infinity : 0;
    const ok = pct <= ref.maxPercent;
    passed &&= ok;
    const pctText = Number.isFinite(pct) ? `${pct.toFixed(0)}%` : 'more than';
    parts.push(
      `${input.maxBytes === undefined ? `${input.what} ${formatBytes(input.measured)}: ` : ''}${pctText} of ${ref.label}'s ${formatBytes(ref.bytes)} (at most ${ref.maxPercent}% allowed)`,
    );
  }
  return { passed, summary: parts.join('; ') };
}

/**
 * Reference sizes already measured in this process, by a hash of their inputs (lab, base image id,
 * context files before the per-grade stamp, reference Dockerfile). A reference build is 100% lab
 * input, so its size does not change between grades; the first grade of a lab builds it.
 */
const referenceMemo = new Map<string, { total: number; base: number }>();

const referenceCache = new WeakMap<CheckContext, Map<string, Promise<{ total: number; base: number }>>>();

/** Build the lab's reference Dockerfile on the same context (starter + edits up to `build`). */
async function referenceSize(ctx: CheckContext, check: ImageSizeCheck): Promise<{ total: number; base: number }> {
  const ref = check.reference!;
  let cache = referenceCache.get(ctx);
  if (!cache) referenceCache.set(ctx, (cache = new Map()));
  const key = `${ref.dockerfile}\0${check.build}`;
  let pending = cache.get(key);
  if (!pending) {
    pending = (async () => {
      let dockerfile: string;
      try {
        dockerfile = await fs.readFile(path.join(ctx.lab.dir, ref.dockerfile), 'utf8');
      } catch {
        throw new InfrastructureError(`lab ${ctx.lab.id}: reference Dockerfile ${ref.dockerfile} is missing`);
      }
      const contextWith = (nonce: string) => {
        let files = overlay(ctx.lab.starterFiles, {});
        for (const b of ctx.lab.builds) {
          files = applyEdits(files, b.edits, nonce);
          if (b.name === check.build) break;
        }
        files.set('Dockerfile', dockerfile);
        files.delete('.dockerignore');
        return files;
      };
      const nonce = ctx.nonce ?? 'reference';
      let files = contextWith(nonce);
      // The reference's size is a function of its inputs: measure it once per process and input.
      const baseName0 = finalBaseImage(parseDockerfile(dockerfile));
      const baseId = baseName0 ? (await requireDriver(ctx, 'inspectImage')(baseName0)).id : '';
      const memoKey = createHash('sha256')
        .update(JSON.stringify([ctx.lab.id, baseId, [...contextWith('memo')].sort(([a], [b]) => a.localeCompare(b))]))
        .digest('hex');
      const memo = referenceMemo.get(memoKey);
      if (memo) return memo;
      files = stampContext(files, nonce, ctx.lab.unstamped).files;
      const built = await requireDriver(ctx, 'buildExtra')({ name: `ref-${check.id}`, files, timeoutSeconds: ctx.lab.effectiveLimits.buildTimeoutSeconds });
      if (!built.ok || !built.imageId) throw new InfrastructureError(`lab ${ctx.lab.id}: the reference build ${ref.dockerfile} failed: ${built.error ?? 'no image'}`);
      const info = await requireDriver(ctx, 'inspectImage')(built.imageId);
      const baseName = finalBaseImage(parseDockerfile(dockerfile));
      const base = baseName ? (await requireDriver(ctx, 'inspectImage')(baseName)).size : 0;
      const measured = { total: info.size, base };
      referenceMemo.set(memoKey, measured);
      return measured;
    })();
    cache.set(key, pending);
  }
  return pending;
}

/** `image-size`: the final image is small enough (absolute, or relative to a reference build). */
export const imageSizeCheck = defineCheckKind({
  kind: 'image-size',
  description:
    'The final image of build `build` is at most `maxMb`, and/or at most `reference.maxPercent` % of a reference build (a lab-owned Dockerfile built on the same context in the same grade).',
  options,
  help: {
    why: 'An image ships every layer it is made of, including build tools and files a later step deleted.',
    fix: 'Use a multi-stage build or clean up within the same RUN that created the files.',
  },
  // Read while grading; a missing file is the lab's mistake, so the loader names it (not the grade).
  validate: (check, lab) =>
    check.reference && lab.dir && !existsSync(path.join(lab.dir, check.reference.dockerfile))
      ? [{ path: ['reference', 'dockerfile'], message: `\`${check.reference.dockerfile}\` does not exist in the lab folder` }]
      : [],
  async run(ctx, check) {
    if (check.maxMb === undefined && check.reference === undefined) {
      throw new InfrastructureError(`lab ${ctx.lab.id}: check ${check.id} needs maxMb or reference`);
    }
    const build = ctx.builds.get(check.build)!;
    const inspect = requireDriver(ctx, 'inspectImage');
    const info = await inspect(build.imageId!);
    const baseName = finalBaseImage(ctx.dockerfile);
    const baseSize = baseName ? (await inspect(baseName)).size : 0;
    const added = check.measure === 'added';
    const measured = added ? Math.max(0, info.size - baseSize) : info.size;
    const what = added ? `The final image adds` : `The final image is`;
    let reference: { bytes: number; maxPercent: number; label: string } | undefined;
    if (check.reference) {
      const r = await referenceSize(ctx, check);
      reference = { bytes: added ? Math.max(0, r.total - r.base) : r.total, maxPercent: check.reference.maxPercent, label: check.reference.label ?? 'the reference build' };
    }
    const verdict = judgeSize({ measured, what, maxBytes: check.maxMb !== undefined ? check.maxMb * 1e6 : undefined, reference });
    const baseNote = added && baseName ? ` on top of ${baseName} (${formatBytes(baseSize)}; ${formatBytes(info.size)} in total)` : '';
    const summary = `${verdict.summary}${baseNote}.`;
    if (verdict.passed) return { passed: true, feedback: summary };

    // What takes the room: the biggest shipped layers (any stage of the FROM chain), with their lines.
    let biggest = '';
    const history = ctx.driver.imageHistory ? await ctx.driver.imageHistory(build.imageId!) : [];
    const steps = shippedSteps(build, ctx.dockerfile);
    if (history.length >= steps.length && steps.length > 0) {
      const top = history.slice(0, steps.length).reverse().map((h, i) => ({ step: steps[i], size: h.size }));
      const shown = top.filter((t) => t.size > 0).sort((a, b) => b.size - a.size).slice(0, 3);
      const multi = ctx.dockerfile.stages.length > 1;
      const where = (t: (typeof top)[number]) => `line ${t.step.line ?? `step ${t.step.n}`}${multi ? ` (${stageLabel(ctx.dockerfile, t.step.stage)})` : ''}`;
      if (shown.length) biggest = `\nLargest layers of the ${multi ? 'image' : 'final stage'}: ${shown.map((t) => `${where(t)} ${code(t.step.instruction, 60)} ${formatBytes(t.size)}`).join('; ')}.`;
    }
    const chain = fromStageNote(ctx.dockerfile);
    return { passed: false, feedback: withHint(`${summary}${biggest}${chain ? `\n${chain}` : ''}`, check.hint) };
  },
});
