/**
 * Which build steps were cache hits, decided from image identity (pure).
 *
 * The rule (Docker's classic builder, `builder/dockerfile` cache probe): a cache hit REUSES an image
 * that already exists — the step's resulting image id is the id of an image committed by an earlier
 * build — while a rebuilt step commits a NEW image. So a step is a hit exactly when its image id was
 * among the engine's image ids listed just before the build began (`docker images -a`, which includes
 * the untagged intermediate images the classic builder keeps as parents). Ids are content-addressed
 * over the parent id and the creation time, so no step can produce an existing id without reusing it.
 *
 * One more way a hit shows, with the `cachefrom` build option every grade uses (grade.ts): when the
 * newest local match of a step is not an ancestor of the grade's own earlier images (a concurrent
 * grade made the same prefix later), the engine RESTORES the layer from the grade's image instead
 * (moby daemon/images/cache.go `restoreCachedImage`): a new image id, but one the cache wrote — its
 * config has no `container_config` command, which every committed step image has. Such ids arrive
 * in `restored` and count as hits. A RUN cannot make the engine write either kind of image.
 *
 * Why not the build output: the classic builder prints " ---> Using cache" in the same stream as the
 * RUN output, so a student's RUN can print a fake header and a fake "Using cache" (or hide a real one).
 * Why not timestamps: `Created` has whole seconds in `docker history`, and `ContainerConfig` (which
 * named the instruction of an image) is dropped by newer engines; ids and the parent chain are kept by
 * every engine version.
 *
 * Mapping steps to images. Every instruction after FROM commits exactly one image in the classic
 * builder (`#(nop)` metadata images included), so the top K entries of an image's history are the K
 * steps that made it, newest first. The final image's history (its id comes from the engine's own
 * `aux` message, never from RUN output) covers every shipped stage (the final one and the stages it is
 * built FROM); a stage that does not ship is read from the history of its last step's image (the id
 * the build stream printed for it). Each mapping is cross-checked (a RUN entry has no `#(nop)`, any
 * other has `#(nop) <KEYWORD>`); a step that cannot be mapped is reported `verified: false`, and cache
 * checks fail on it rather than trust the output.
 */

export interface PlannedStep {
  n: number;
  keyword: string;
  /** Stage index, -1 for ARGs before the first FROM. */
  stage: number;
}

/** One entry of `docker history` (the Engine API's `/images/{id}/history`), newest first. */
export interface HistoryEntry {
  /** Image id (`sha256:…`), or `<missing>` for entries of an imported or pulled image. */
  id: string;
  createdBy: string;
  /** Bytes of the layer (0 for metadata-only entries). */
  sizeBytes: number;
}

export interface StreamStepInfo {
  n: number;
  cached: boolean;
  imageId?: string;
}

export type DecisionSource = 'history' | 'base' | 'unverified';

export interface StepDecision {
  n: number;
  cached: boolean;
  verified: boolean;
  source: DecisionSource;
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

/**
 * Pair `steps` (non-FROM steps in Dockerfile order, the ones that made the image) with the top
 * entries of `history` (newest first). Undefined when the history is too short or any pairing fails
 * the keyword cross-check.
 */
export function mapStepsToHistory(steps: readonly PlannedStep[], history: readonly HistoryEntry[]): Map<number, HistoryEntry> | undefined {
  if (steps.length === 0 || history.length < steps.length) return undefined;
  const out = new Map<number, HistoryEntry>();
  for (const [i, s] of steps.entries()) {
    const entry = history[steps.length - 1 - i];
    if (!createdByMatches(s.keyword, entry.createdBy)) return undefined;
    out.set(s.n, entry);
  }
  return out;
}

/**
 * The cache decision of every planned step.
 * `mapped`: step number → the history entry of the image it made (mapStepsToHistory);
 * `preexisting`: full image ids (`sha256:…`) that existed before the build began;
 * `restored`: ids of images the engine's cache restored during the build (see above).
 */
export function decideCacheHits(input: {
  plan: readonly PlannedStep[];
  mapped: ReadonlyMap<number, HistoryEntry>;
  preexisting: ReadonlySet<string>;
  /** Full image ids the engine's cache restored from a `cachefrom` image during this build. */
  restored?: ReadonlySet<string>;
  streamSteps: readonly StreamStepInfo[];
}): StepDecision[] {
  const { plan, mapped, preexisting, streamSteps } = input;
  const restored = input.restored ?? new Set<string>();
  const byN = new Map(streamSteps.map((s) => [s.n, s]));
  return plan.map((s): StepDecision => {
    // Steps that build nothing: FROM (the base image is used as is) and ARGs before the first FROM.
    if (s.keyword === 'FROM' || s.stage < 0) return { n: s.n, cached: true, verified: true, source: 'base' };
    const entry = mapped.get(s.n);
    if (entry && entry.id.startsWith('sha256:')) return { n: s.n, cached: preexisting.has(entry.id) || restored.has(entry.id), verified: true, source: 'history' };
    return { n: s.n, cached: byN.get(s.n)?.cached ?? false, verified: false, source: 'unverified' };
  });
}

/**
 * Was this image written by the engine's cache restore rather than committed by a build step? Input:
 * the Engine API's image inspect. Every step the classic builder commits records its command in
 * `ContainerConfig.Cmd` (`#(nop) …` for metadata and COPY, the shell command for RUN); a restored
 * cache image is written with an empty container config (moby 20.10 daemon/images/cache.go).
 */
export function isRestoredCacheImage(inspect: { ContainerConfig?: { Cmd?: readonly string[] | null } | null }): boolean {
  const cmd = inspect.ContainerConfig?.Cmd;
  return !cmd || cmd.length === 0;
}
