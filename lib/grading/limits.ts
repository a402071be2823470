/**
 * Every limit of grading and every cap on what grading outputs, in ONE place (pure: no imports, so
 * the web, the worker, the CLI and the engine code all read it). Units are in the names: `Mb` is MiB
 * (1024 × 1024 bytes, what Docker's memory options take), `Bytes` are bytes, `Chars` are UTF-16 code
 * units of a JavaScript string (what `.length` counts), `Lines` are lines.
 *
 * Sandbox limits of one grade:
 *   defaults (here) → the lab's `limits:` in lab.yaml (build/run time, memory) → the caller's
 *   overrides (GradeInput.limits: tests, an operator's worker) = the limits of one grade.
 *
 * Where each one is enforced:
 *   memory / swap / cpus / shm        build API options (`memory`, `memswap`, `cpuquota`, `shmsize`) and
 *                                     HostConfig of every container the grader runs (grader/engine/limits.ts)
 *   CPU between grades and the host   cpu.shares of the sandbox's parent cgroup (engine/daemon.ts
 *                                     GRADING_CPU_SHARES): all grades together yield to the host's own
 *                                     work (web, database, worker) whenever it wants the CPU; grades
 *                                     share the rest equally (one build step or container at a time
 *                                     each, same weight). `cpus` adds a hard cap per grade on top.
 *   pidsPerGrade                      pids.max of the per-grade cgroup /layerlab-builds/grade-<id>
 *                                     (engine/cgroup.ts); every build step and container of the grade
 *                                     runs below it. The daemon's parent cgroup caps all grades together.
 *   pidsPerContainer, nofile          HostConfig.PidsLimit / Ulimits of containers; `ulimits` of builds
 *   buildTimeoutSeconds               abort of the build request (engine/build.ts); the engine kills the step
 *   gradeTimeoutSeconds               abort of everything the grade does (grading/session.ts)
 *   runTimeoutSeconds                 kill of a container the checks run (engine/containers.ts)
 *   maxContextBytes/Files             counted while packing the tar on the client (engine/context-tar.ts)
 *   maxInstructions                   refused before any build (dockerfile/policy.ts)
 *   buildLogChars                     the build log kept in the report (grading/build.ts; a flood is cut in the middle)
 *   readonlyRootfs                    HostConfig.ReadonlyRootfs of run checks (off: npm writes under $HOME)
 * Always (not settings): network none, no-new-privileges, CapDrop ALL for run checks, never a pull,
 * classic builder only, forced removal of every container and tag.
 */

export interface SandboxLimits {
  /** Memory of every build step and container, MiB. */
  memoryMb: number;
  /** Swap on top of memory, MiB (0 = no swap). */
  swapMb: number;
  /**
   * Hard CPU cap of every build step and container, in cores (1 = one full core; the CFS quota), or
   * null for none: then a grade may use idle cores, and under contention it gets its weighted share
   * below the host's own work (see "CPU between grades and the host" above). Why null by default
   * (issue 10): a 1-core cap made the cache-order reference grade 1.25× slower than the same builds
   * without it on 2 idle cores (docs/benchmarks.md), while protecting nothing the weights do not.
   */
  cpus: number | null;
  /** pids.max of the grade's own cgroup (all its build steps and containers together). */
  pidsPerGrade: number;
  /** PidsLimit of each container the checks run. */
  pidsPerContainer: number;
  /** /dev/shm size, MiB. */
  shmMb: number;
  /** RLIMIT_NOFILE (soft = hard) of build steps and containers. */
  nofile: number;
  /** Wall clock of one build. */
  buildTimeoutSeconds: number;
  /** Wall clock of the whole grade (all builds and checks). */
  gradeTimeoutSeconds: number;
  /** Wall clock of one container run (the `run` check may lower it). */
  runTimeoutSeconds: number;
  /** Build context sent to the engine, after .dockerignore. */
  maxContextBytes: number;
  maxContextFiles: number;
  /** Instructions in the Dockerfile (a 10,000-step Dockerfile is refused before building). */
  maxInstructions: number;
  /** Build log kept in the report, all builds together, characters. */
  buildLogChars: number;
  /** Read-only root filesystem for run checks. */
  readonlyRootfs: boolean;
}

export const DEFAULT_SANDBOX_LIMITS: Readonly<SandboxLimits> = Object.freeze({
  memoryMb: 512,
  swapMb: 0,
  cpus: null,
  pidsPerGrade: 256,
  pidsPerContainer: 128,
  shmMb: 64,
  nofile: 1024,
  buildTimeoutSeconds: 180,
  gradeTimeoutSeconds: 600,
  runTimeoutSeconds: 20,
  maxContextBytes: 16 * 1024 * 1024,
  maxContextFiles: 2000,
  maxInstructions: 200,
  buildLogChars: 60 * 1024,
  readonlyRootfs: false,
});

/** The limits of one grade: defaults, then the lab's, then the caller's (undefined values ignored). */
export function resolveSandboxLimits(...layers: (Partial<SandboxLimits> | undefined)[]): SandboxLimits {
  const out: SandboxLimits = { ...DEFAULT_SANDBOX_LIMITS };
  for (const layer of layers) {
    for (const [k, v] of Object.entries(layer ?? {})) {
      if (v !== undefined && k in out) (out as unknown as Record<string, unknown>)[k] = v;
    }
  }
  return out;
}

/**
 * Caps on what grading outputs (fixed, not per lab). Where each one applies is named beside it; a
 * cap keeps the explaining part of a long text (its head and tail, or its last lines) rather than
 * refusing it.
 */
export const OUTPUT_CAPS = Object.freeze({
  /** One step's output kept while a build streams (grader/engine/build-stream.ts), its last lines. */
  stepOutputChars: 4096,
  /** Explaining lines kept from the part of a step's output (or of the log) that a cap dropped. */
  keptExplainingLines: 20,
  /** The whole build stream's log while it streams: its head and its tail (build-stream.ts CappedLog). */
  streamLogHeadChars: 16 * 1024,
  streamLogTailChars: 48 * 1024,
  /** stdout and stderr of a container a check runs, each (grader/engine/containers.ts). */
  containerOutputBytes: 64 * 1024,
  /** The build log stored with a submission (grader/worker/persist.ts). */
  storedBuildLogChars: 64 * 1024,
  /** The build log a submission's page shows, its end (lib/submissions/dto.ts). */
  shownBuildLogChars: 200_000,
  /** A failing step's excerpt in feedback (grader/report/failure-excerpt.ts): whole text, lines. */
  failureExcerptChars: 1200,
  failureExcerptExplainingLines: 8,
  failureExcerptTailLines: 6,
  /** The short reason a failed build gives the checks that needed it (grading/evaluate.ts). */
  buildFailureReasonChars: 160,
  /** Entries of a grade report's waste map, largest first (grader/report/waste-map.ts). */
  wasteMapEntries: 50,
  /**
   * The layer explorer of a grade report (grader/report/layer-explorer.ts): files listed per layer
   * made by the Dockerfile, and per build (all its layers together); the rest is a count ("N more
   * files"). Layers of the external base image list no files, only their count and size.
   */
  explorerFilesPerLayer: 400,
  explorerFilesPerBuild: 2000,
  /** A JSON file of a `docker save` archive read into memory (grader/inspect/image-archive.ts). */
  imageArchiveJsonBytes: 16 * 1024 * 1024,
});

/**
 * Limits of a submission as the web takes it (lib/validations/submission.ts, the submit form) and the
 * grader checks it again (grader/context.ts). Bytes are UTF-8 bytes.
 */
export const SUBMISSION_LIMITS = Object.freeze({
  fileBytes: 64 * 1024,
  totalBytes: 256 * 1024,
  files: 50,
  /** Request body of POST /api/labs/[labId]/submissions (JSON overhead on top of the files). */
  requestBodyBytes: 300 * 1024,
});
