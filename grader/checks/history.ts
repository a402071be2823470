import { z } from 'zod';
import { createdByMatches } from '../inspect/history';
import { compareHistory, formatHistoryTable, historyInstructions, parseSize, type ComparedRow, type ExpectedRow, type HistoryRow } from '../inspect/history-match';
import { code, withHint } from '../report/feedback';
import { finalBaseImage, shippedSteps, requireDriver } from './final-stage';
import { defineCheckKind } from './kind';

const SIZE_RE = /^\s*\d+(?:\.\d+)?\s*(?:[kKmMgG]i?)?[bB]?\s*$/;
const size = z
  .union([z.number().int().min(0), z.string().regex(SIZE_RE, 'must be a size such as `21B`, `4.7MB` or a number of bytes')])
  .describe('Expected layer size: bytes, or `21B` / `1.2kB` / `4.7MB` (decimal units, like `docker history`).');

/**
 * `history`: the real history of the image (`docker history`: the final stage's entries on top of its
 * base, oldest first) matches a target listing, instruction by instruction and, where the target
 * gives one, size within a tolerance. Feedback: expected vs actual per line, first mismatch marked.
 */
export const historyCheck = defineCheckKind({
  kind: 'history',
  description:
    'The history of the image of build `build` — the final stage\'s instructions on top of its base image, oldest first, optionally with layer sizes — matches `expected`.',
  options: {
    build: z.string().min(1).describe('The build (from `builds`) whose image history is compared.'),
    expected: z
      .array(
        z.union([
          z.string().min(1).describe('An instruction as in a Dockerfile, e.g. `RUN mkdir /app` (size not compared).'),
          z
            .strictObject({
              instruction: z.string().min(1).describe('An instruction as in a Dockerfile, e.g. `RUN mkdir /app`.'),
              size: size.optional(),
            })
            .describe('An instruction with its expected layer size.'),
        ]),
      )
      .min(1)
      .describe(
        'The target history after FROM, oldest first. Compared normalised: `RUN /bin/sh -c x` ≡ `RUN x`, `#(nop)` stripped, whitespace folded, exec-form arrays compared as arrays; COPY/ADD by destination only (the history records a content hash, not the source).',
      ),
    sizeTolerance: z
      .strictObject({
        bytes: z.number().int().min(0).default(16).describe('Absolute slack in bytes. Default 16.'),
        percent: z.number().min(0).max(100).default(10).describe('Relative slack in percent of the expected size. Default 10.'),
      })
      .optional()
      .describe('How far a size may be from the expected one: the larger of `bytes` and `percent`. Default 16 bytes / 10 %.'),
  },
  help: {
    why: '`docker history` lists one entry per instruction of the image, newest first; the order and the instructions must match.',
    fix: 'Write the instructions in the same order, with the same commands.',
  },
  async run(ctx, check) {
    const build = ctx.builds.get(check.build)!;
    const raw = await requireDriver(ctx, 'imageHistory')(build.imageId!);
    const oldestFirst = [...raw].reverse();
    const steps = shippedSteps(build, ctx.dockerfile);
    const own = oldestFirst.slice(Math.max(0, oldestFirst.length - steps.length));
    const aligned = own.length === steps.length && own.every((h, i) => createdByMatches(steps[i].keyword, h.createdBy));
    // Canonical over the whole history, so the shell and ARG values in effect carry over (history-match.ts).
    const canonical = historyInstructions(oldestFirst.map((h) => h.createdBy)).slice(oldestFirst.length - own.length);
    const actual: HistoryRow[] = own.map((h, i) => ({ instruction: canonical[i], size: h.size, line: aligned ? steps[i].line : undefined }));
    const expected: ExpectedRow[] = check.expected.map((e) =>
      typeof e === 'string' ? { instruction: e } : { instruction: e.instruction, size: e.size === undefined ? undefined : parseSize(e.size) },
    );
    const tol = { bytes: check.sizeTolerance?.bytes ?? 16, percent: check.sizeTolerance?.percent ?? 10 };
    const cmp = compareHistory(expected, actual, tol);
    const base = finalBaseImage(ctx.dockerfile) ?? 'its base image';
    const table = `History after \`FROM ${base}\`, oldest first (${'>>'} marks the first difference):\n${formatHistoryTable(cmp)}`;
    if (cmp.ok) {
      return { passed: true, feedback: `The history of your image matches the target: ${actual.length} entries on top of ${base}, in order${expected.some((e) => e.size !== undefined) ? ', with the expected sizes' : ''}.\n${table}` };
    }
    return { passed: false, feedback: withHint(`${explain(cmp.rows[cmp.firstMismatch])}\n${table}`, check.hint) };
  },
});

function explain(r: ComparedRow): string {
  const at = (row: ComparedRow) => (row.actual?.line !== undefined ? ` (line ${row.actual.line})` : '');
  if (r.expected && !r.actual) {
    return `Your image's history stops before entry ${r.n}: the target continues with ${code(r.expectedText ?? r.expected.instruction)}. Every instruction after FROM — RUN, COPY, but also WORKDIR, ENV and CMD — adds one entry.`;
  }
  if (r.actual && !r.expected) {
    return `Your image has more history entries than the target: entry ${r.n} ${code(r.actual.instruction)}${at(r)} is not in it. Every instruction after FROM adds one entry, even WORKDIR, ENV or CMD (0 B).`;
  }
  const e = r.expected!;
  const a = r.actual!;
  if (!r.instructionOk) {
    return `Entry ${r.n} differs: the target has ${code(r.expectedText ?? e.instruction, 100)}, your image has ${code(a.instruction, 100)}${at(r)}. Instructions are compared as \`docker history --no-trunc\` records them: a RUN through the shell shows without its \`/bin/sh -c\` (so \`RUN /bin/sh -c x\` is recorded as \`/bin/sh -c /bin/sh -c x\`, not like \`RUN x\`), an exec-form RUN as \`RUN (exec) …\`, other instructions without \`#(nop)\`; the order matters too.`;
  }
  return `Entry ${r.n} ${code(a.instruction)}${at(r)} has the right instruction but its layer is ${a.size} B instead of ${e.size} B: it must change exactly the same files (a layer's size is the bytes of the files the step wrote).`;
}
