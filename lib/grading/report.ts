/**
 * The grade report contract: ONE zod schema for what the grader returns (grader/grade.ts), what the
 * worker stores in `Submission.report` (without its log), what the CLI prints with `--json` and what
 * the web reads back. Pure zod, no Docker code (the web imports it).
 *
 * Two readings of the same fields:
 *   - strict (`GradeReportSchema`): what a grade produces now; the grader validates its own report
 *     with it, and tests parse real grades through it.
 *   - stored (`parseStoredReport`): a report written by an older grader lacks the analysis fields
 *     (they default to empty), and a part that does not parse is dropped rather than failing the page.
 * Units are in the names: `…Ms` milliseconds, `…Bytes` bytes.
 */
import { z } from 'zod';

type Reading = 'strict' | 'stored';

/** The schemas of one reading: the stored reading adds defaults and drops parts that do not parse. */
function reportSchemas(reading: Reading) {
  const stored = reading === 'stored';
  /** In the stored reading, a value that does not parse becomes `fallback`. */
  const orElse = <T extends z.ZodType>(schema: T, fallback: z.output<T>) => (stored ? schema.catch(fallback) : schema);
  /** Fields older graders did not write: required now, optional when read back. */
  const since = <T extends z.ZodType>(schema: T) => (stored ? schema.optional() : schema);

  const CheckHelp = z.object({
    what: z.string(),
    why: z.string(),
    fix: z.string(),
    /** `/lessons/<slug>#<section>`, or null when the lab names no lesson. */
    lessonUrl: orElse(z.string().nullable(), null),
  });

  const CheckReport = z.object({
    id: z.string(),
    title: z.string(),
    passed: z.boolean(),
    points: z.number(),
    maxPoints: z.number(),
    feedback: z.string(),
    /** For a failing check: what happened, why, how to fix it, and the lesson section (grader/report/help.ts). */
    help: orElse(CheckHelp.optional(), undefined),
  });

  const ReportStep = z.object({
    n: z.number().int(),
    instruction: z.string(),
    cached: z.boolean(),
    /** Dockerfile line where the instruction starts (absent, or null in `--json`, when it cannot be matched). */
    line: z.number().int().nullable().optional(),
    /** The stage that ran it, in a multi-stage Dockerfile: its `AS` name, or `stage N` (1-based). */
    stage: z.string().optional(),
    /** Does its layer ship in the final image (the final stage and every stage it is built FROM)? */
    ships: z.boolean().optional(),
    /** The step the build failed at (it committed nothing); absent for every other step. */
    failed: z.boolean().optional(),
    /** Wall time of the step (build output timing between step headers). */
    durationMs: since(z.number()),
    /** Bytes of the layer it committed (image history). */
    sizeBytes: since(z.number()),
    /** The cache predictor's verdict for this step (lib/build-cache/predict.ts); absent for FROM. */
    predictedCached: z.boolean().optional(),
  });

  const ReportBuild = z.object({
    name: z.string(),
    ok: z.boolean(),
    durationMs: z.number(),
    steps: z.array(ReportStep),
    /** Why the build failed or was not attempted (absent when ok). */
    error: z.string().optional(),
  });

  const StepRef = z.object({ n: z.number().int(), line: z.number().int().optional(), instruction: z.string() });
  const CacheMissCause = z.discriminatedUnion('kind', [
    /** Edited files that the COPY/ADD takes. */
    z.object({ kind: z.literal('files'), files: z.array(z.string()) }),
    /** The instruction text differs from the previous build's step at the same position. */
    z.object({ kind: z.literal('instruction'), previous: z.string().optional() }),
    /** `COPY --from=<stage>`: the stage it copies from was rebuilt. */
    z.object({ kind: z.literal('stage'), stage: z.string() }),
    /** Nothing the grader knows of changed (e.g. the cache entry was not reusable). */
    z.object({ kind: z.literal('unknown') }),
  ]);
  const CacheDiff = z.object({
    build: z.string(),
    previous: z.string(),
    /** Files this build's edits changed, relative to the previous build, that reached the engine (not those .dockerignore left out). */
    changedFiles: orElse(z.array(z.string()), []),
    /** Absent: every step was a cache hit. */
    firstMiss: StepRef.extend({ cause: orElse(CacheMissCause, { kind: 'unknown' }) }).optional(),
    /** Steps after the first miss that ran again because of it. */
    rebuilt: orElse(z.array(StepRef), []),
    /** One sentence for people, e.g. "first miss at line 5 `COPY . .` because src/app.js changed; …". */
    summary: z.string(),
  });

  const WasteStepRef = z.object({
    /** Layer index in the image (0 = bottom). */
    layer: z.number().int(),
    line: z.number().int().optional(),
    instruction: z.string().optional(),
    /** "line 4 `RUN …`", or "the base image (…)" for layers the Dockerfile did not make. */
    label: z.string(),
  });
  const WasteMap = z.object({
    build: z.string(),
    totalBytes: z.number(),
    imageBytes: z.number(),
    /** Largest first, at most OUTPUT_CAPS.wasteMapEntries (lib/grading/limits.ts). */
    entries: z.array(
      z.object({
        /** The deleted path (a directory for `rm -rf dir`) or the overwritten file. */
        path: z.string(),
        files: z.number().int(),
        bytes: z.number(),
        how: z.enum(['deleted', 'overwritten']),
        addedBy: WasteStepRef,
        removedBy: WasteStepRef,
      }),
    ),
    /** Entries left out beyond the cap. */
    more: orElse(z.number().int(), 0),
  });

  /** The cache predictor against the engine, over the builds after the first (grader/report/prediction.ts). */
  const Prediction = z.object({
    /** Steps both decided. */
    compared: z.number().int(),
    agreed: z.number().int(),
    mismatches: z.array(
      z.object({
        build: z.string(),
        n: z.number().int(),
        line: z.number().int().optional(),
        instruction: z.string(),
        predictedCached: z.boolean(),
        engineCached: z.boolean(),
      }),
    ),
  });
  const ExplorerFile = z.object({
    /** Absolute path in the image; for `deleted`, the path a whiteout removed (a directory for `rm -rf dir`). */
    path: z.string(),
    /** added: new in this layer; modified: replaces a lower layer's entry; deleted: a whiteout. */
    change: z.enum(['added', 'modified', 'deleted']),
    /** Bytes of the entry; for `deleted`, the bytes it hid (still shipped in the lower layers). */
    bytes: z.number(),
    /** A later layer deletes or overwrites this copy: its bytes ship for nothing (dive's wasted bytes). */
    wasted: z.boolean().optional(),
  });
  const ExplorerLayer = z.object({
    /** Layer index in the image (0 = bottom). */
    index: z.number().int(),
    line: z.number().int().optional(),
    /** The stage that made it, in a multi-stage Dockerfile (its `AS` name or `stage N`). */
    stage: z.string().optional(),
    instruction: z.string().optional(),
    /** "line 4 `RUN …`", or "the base image … (its layer 2)". */
    label: z.string(),
    /** From the external base image: its files are summarised (fileCount, sizeBytes), not listed. */
    base: z.boolean().optional(),
    sizeBytes: z.number(),
    /** Entries of the layer (files, links, directories and whiteouts). */
    fileCount: z.number().int(),
    /** Bytes of this layer's files that a later layer deletes or overwrites. */
    wastedBytes: z.number(),
    /** Files (not directories) and whiteouts, by path; capped (OUTPUT_CAPS.explorerFilesPer…). */
    files: z.array(ExplorerFile),
    /** Files and whiteouts of the layer left out of `files` beyond the cap (base layers: all of them). */
    moreFiles: orElse(z.number().int(), 0),
  });
  const BuildLayers = z.object({ build: z.string(), layers: z.array(ExplorerLayer) });

  const Report = z.object({
    lab: z.string(),
    score: z.number(),
    maxScore: z.number(),
    checks: z.array(CheckReport),
    builds: z.array(ReportBuild),
    /** Per build after the first: the first cache miss, its cause and what was rebuilt because of it. */
    cacheDiffs: orElse(z.array(CacheDiff), []),
    /** Files added by one step and deleted/overwritten by a later one (when a check read layers or the lab asks). */
    wasteMap: orElse(WasteMap.optional(), undefined),
    /** Absent when refused before any build, or in reports of older graders. */
    prediction: orElse(Prediction.optional(), undefined),
    /** Layer explorer: each analysed build's final image layer by layer (grader/report/layer-explorer.ts). */
    layers: orElse(z.array(BuildLayers).optional(), undefined),
    /**
     * True in the report saved as soon as the checks are scored (GradeInput.onScored): the layer
     * explorer is still being read and replaces this flag when it is (grader/worker/persist.ts saveLayers).
     */
    layersPending: orElse(z.literal(true).optional(), undefined),
    /**
     * The per-grade nonce (absent when refused before any build). Every tag, container and cgroup of
     * the grade carries it (tag `layerlab-grade-<id>…`, container label `layerlab.grade=<id>`, cgroup
     * `grade-<id>`).
     */
    gradeId: z.string().optional(),
  });
  return { CheckHelp, CheckReport, ReportStep, ReportBuild, CacheMissCause, CacheDiff, WasteStepRef, WasteMap, Prediction, ExplorerFile, ExplorerLayer, BuildLayers, Report };
}

const strict = reportSchemas('strict');
const stored = reportSchemas('stored');

/** The build log of every build, capped (grader/grading/build.ts); never stored with the report. */
const Log = z.object({ log: z.string() });

/** A grade's whole report as the grader returns it. */
export const GradeReportSchema = strict.Report.extend(Log.shape);
export type GradeReport = z.infer<typeof GradeReportSchema>;
/** The report without its log: what the worker stores, the CLI's `--json` prints and the web reads. */
export const PublishedReportSchema = strict.Report;
export type PublishedReport = z.infer<typeof PublishedReportSchema>;

export type CheckHelp = z.infer<typeof strict.CheckHelp>;
export type CheckReport = z.infer<typeof strict.CheckReport>;
export type GradeReportStep = z.infer<typeof strict.ReportStep>;
export type GradeReportBuild = z.infer<typeof strict.ReportBuild>;
export type DiffStepRef = z.infer<typeof strict.CacheDiff>['rebuilt'][number];
export type CacheMissCause = z.infer<typeof strict.CacheMissCause>;
export type CacheDiff = z.infer<typeof strict.CacheDiff>;
export type WasteStepRef = z.infer<typeof strict.WasteStepRef>;
export type WasteMap = z.infer<typeof strict.WasteMap>;
export type WasteMapEntry = WasteMap['entries'][number];
export type PredictionReport = z.infer<typeof strict.Prediction>;
export type ExplorerFile = z.infer<typeof strict.ExplorerFile>;
export type ExplorerLayer = z.infer<typeof strict.ExplorerLayer>;
/** One build's final image in the layer explorer. */
export type BuildLayers = z.infer<typeof strict.BuildLayers>;

/** The stored reading (see the top of this file). */
export const StoredReportSchema = stored.Report;
export type StoredReport = z.infer<typeof StoredReportSchema>;

/** `Submission.report` read back; null when absent or when its core (score, checks, builds) does not parse. */
export function parseStoredReport(value: unknown): StoredReport | null {
  if (value === null || value === undefined) return null;
  const r = StoredReportSchema.safeParse(value);
  return r.success ? r.data : null;
}

/** Does the report carry the per-step analysis (line, timing, size)? Older grades do not. */
export function hasStepAnalysis(r: StoredReport): boolean {
  return r.builds.some((b) => b.steps.some((s) => s.durationMs !== undefined));
}

/** A grade report as the worker stores it: without its log (stored capped, separately), plain JSON. */
export function toStoredReport(report: GradeReport): PublishedReport {
  const { log: _log, ...rest } = report;
  return JSON.parse(JSON.stringify(rest)) as PublishedReport;
}
