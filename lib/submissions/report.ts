import { z } from 'zod';

/**
 * The grader's report as stored in `Submission.report` (grader/grade.ts GradeReport without its log),
 * read back leniently: a report written by an older grader lacks the analysis fields (they default to
 * empty), and a part that does not parse is dropped rather than failing the page.
 */
const StepRef = z.object({ n: z.number(), line: z.number().optional(), instruction: z.string() });

const CacheDiffSchema = z.object({
  build: z.string(),
  previous: z.string(),
  changedFiles: z.array(z.string()).catch([]),
  firstMiss: StepRef.extend({
    cause: z.object({ kind: z.string(), files: z.array(z.string()).optional(), previous: z.string().optional(), stage: z.string().optional() }).catch({ kind: 'unknown' }),
  }).optional(),
  rebuilt: z.array(StepRef).catch([]),
  summary: z.string(),
});

const WasteRef = z.object({ layer: z.number(), line: z.number().optional(), instruction: z.string().optional(), label: z.string() });

const WasteMapSchema = z.object({
  build: z.string(),
  totalBytes: z.number(),
  imageBytes: z.number(),
  entries: z.array(z.object({ path: z.string(), files: z.number(), bytes: z.number(), how: z.string(), addedBy: WasteRef, removedBy: WasteRef })),
  more: z.number().catch(0),
});

export const StoredReportSchema = z.object({
  lab: z.string(),
  score: z.number(),
  maxScore: z.number(),
  checks: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      passed: z.boolean(),
      points: z.number(),
      maxPoints: z.number(),
      feedback: z.string(),
      help: z.object({ what: z.string(), why: z.string(), fix: z.string(), lessonUrl: z.string().nullable().catch(null) }).optional().catch(undefined),
    }),
  ),
  builds: z.array(
    z.object({
      name: z.string(),
      ok: z.boolean(),
      durationMs: z.number(),
      error: z.string().optional(),
      steps: z.array(
        z.object({
          n: z.number(),
          instruction: z.string(),
          cached: z.boolean(),
          line: z.number().nullable().optional(),
          stage: z.string().optional(),
          ships: z.boolean().optional(),
          failed: z.boolean().optional(),
          durationMs: z.number().optional(),
          sizeBytes: z.number().optional(),
        }),
      ),
    }),
  ),
  cacheDiffs: z.array(CacheDiffSchema).catch([]),
  wasteMap: WasteMapSchema.optional().catch(undefined),
});

export type StoredReport = z.infer<typeof StoredReportSchema>;

export function parseStoredReport(value: unknown): StoredReport | null {
  if (value === null || value === undefined) return null;
  const r = StoredReportSchema.safeParse(value);
  return r.success ? r.data : null;
}

/** Does the report carry the per-step analysis (line, timing, size)? Older grades do not. */
export function hasStepAnalysis(r: StoredReport): boolean {
  return r.builds.some((b) => b.steps.some((s) => s.durationMs !== undefined));
}
