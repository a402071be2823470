/**
 * Which build steps were cache hits, decided from the image history (pure).
 *
 * Why the history and not the build output: the classic builder prints " ---> Using cache" in the
 * same stream as the RUN output, so a student's RUN can print a fake header and a fake "Using cache"
 * (or hide a real one). The history cannot be faked from inside a build: a cache hit REUSES the
 * layer committed by an earlier build, with that build's `Created` time; a rebuilt step commits a new
 * layer during this build. So: a step's layer created before this build started is a cache hit.
 * The parser's flag is only used for live progress.
 *
 * Time resolution. `image.history()` gives `Created` in whole unix seconds; `image.inspect()` gives it
 * with nanoseconds. With nanoseconds the rule is simply `created < buildStart`. With seconds only, a
 * fresh layer committed in the same second the build started has `created == floor(start)` and a
 * layer from a build that ended in that same second too, so the rule becomes
 * `created < floor(buildStart)`, which is exact when builds of a grade start at least one second after
 * the previous one ended (the grader waits 1.1 s between builds for that reason): then every reused
 * layer has `created <= floor(prevEnd) < floor(start)`, and every fresh one `created >= floor(start)`.
 *
 * Mapping steps to layers. Every instruction of a stage except FROM commits exactly one image in the
 * classic builder (`#(nop)` metadata images included), so the top K history entries of the final image
 * are the final stage's K instructions after FROM, newest first. Each mapping is cross-checked
 * (a RUN layer has no `#(nop)`, any other has `#(nop) <KEYWORD>`); on a mismatch, or for earlier
 * stages (not in the final image's history), the step's own image id from the build output is
 * inspected instead, with the same cross-check. A step that cannot be verified is reported
 * `verified: false` and cache checks fail on it rather than trust the output.
 */

export interface PlannedStep {
  n: number;
  keyword: string;
  /** Stage index, -1 for ARGs before the first FROM. */
  stage: number;
}

export interface HistoryEntry {
  /** Image id (`sha256:…`) or `<missing>`. */
  id: string;
  /** Unix seconds. */
  createdSec: number;
  createdBy: string;
}

export interface ImageTime {
  /** Milliseconds since epoch from `image.inspect().Created` (nanosecond precision, truncated). */
  createdMs: number;
  /** The image's history CreatedBy (`ContainerConfig.Cmd` joined), when known. */
  createdBy?: string;
}

export interface StreamStepInfo {
  n: number;
  cached: boolean;
  imageId?: string;
}

export type DecisionSource = 'history' | 'image' | 'base' | 'unverified';

export interface StepDecision {
  n: number;
  cached: boolean;
  verified: boolean;
  source: DecisionSource;
}

export type LayerTime = { ms: number; precision: 'ns' | 's' };

/** Was a layer created before the build started (i.e. reused from the cache)? */
export function createdBeforeBuild(created: LayerTime, buildStartMs: number): boolean {
  if (created.precision === 'ns') return created.ms < buildStartMs;
  return Math.floor(created.ms / 1000) < Math.floor(buildStartMs / 1000);
}

/** Does a history CreatedBy look like the layer of an instruction with this keyword? */
export function createdByMatches(keyword: string, createdBy: string): boolean {
  const nop = createdBy.includes('#(nop)');
  if (keyword === 'RUN') return !nop;
  if (keyword === 'FROM') return false;
  return nop && new RegExp(`#\\(nop\\)\\s+${keyword}\\b`, 'i').test(createdBy);
}

export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

export function decideCacheHits(input: {
  plan: readonly PlannedStep[];
  finalStage: number;
  history: readonly HistoryEntry[];
  /** Inspected images by short id (12 hex). */
  images: ReadonlyMap<string, ImageTime>;
  streamSteps: readonly StreamStepInfo[];
  buildStartMs: number;
}): StepDecision[] {
  const { plan, finalStage, history, images, streamSteps, buildStartMs } = input;
  const decisions = new Map<number, StepDecision>();

  // Steps that build nothing: FROM (the base image is used as is) and ARGs before the first FROM.
  for (const s of plan) {
    if (s.keyword === 'FROM' || s.stage < 0) decisions.set(s.n, { n: s.n, cached: true, verified: true, source: 'base' });
  }

  // Final stage: the top entries of the final image's history.
  const finalSteps = plan.filter((s) => s.stage === finalStage && s.keyword !== 'FROM');
  if (finalSteps.length > 0 && history.length >= finalSteps.length) {
    const mapped: StepDecision[] = [];
    let consistent = true;
    finalSteps.forEach((s, i) => {
      const entry = history[finalSteps.length - 1 - i];
      if (!createdByMatches(s.keyword, entry.createdBy)) consistent = false;
      const img = entry.id.startsWith('sha256:') ? images.get(shortId(entry.id)) : undefined;
      const t: LayerTime = img ? { ms: img.createdMs, precision: 'ns' } : { ms: entry.createdSec * 1000, precision: 's' };
      mapped.push({ n: s.n, cached: createdBeforeBuild(t, buildStartMs), verified: true, source: 'history' });
    });
    if (consistent) for (const d of mapped) decisions.set(d.n, d);
  }

  // Everything else: the step's own image, if the output named one that really is such a layer.
  const byN = new Map(streamSteps.map((s) => [s.n, s]));
  for (const s of plan) {
    if (decisions.has(s.n)) continue;
    const st = byN.get(s.n);
    const img = st?.imageId ? images.get(shortId(st.imageId)) : undefined;
    if (img && img.createdBy !== undefined && createdByMatches(s.keyword, img.createdBy)) {
      decisions.set(s.n, { n: s.n, cached: createdBeforeBuild({ ms: img.createdMs, precision: 'ns' }, buildStartMs), verified: true, source: 'image' });
    } else {
      decisions.set(s.n, { n: s.n, cached: st?.cached ?? false, verified: false, source: 'unverified' });
    }
  }
  return plan.map((s) => decisions.get(s.n)!);
}

/** Parse Docker's RFC 3339 time with nanoseconds into milliseconds (Date.parse truncates safely). */
export function parseDockerTime(s: string): number | undefined {
  const ms = Date.parse(s.replace(/(\.\d{3})\d+/, '$1'));
  return Number.isFinite(ms) ? ms : undefined;
}
