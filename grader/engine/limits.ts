/**
 * Every resource limit of a grade, in ONE place, with its default (pure; no imports from the rest of
 * the grader so lib/ and the engine can both read it).
 *
 *   defaults (here) → the lab's `limits:` in lab.yaml (build/run time, memory) → the caller's
 *   overrides (GradeInput.limits: tests, an operator's worker) = the limits of one grade.
 *
 * Where each one is enforced:
 *   memory / swap / cpus / shm        build API options (`memory`, `memswap`, `cpuquota`, `shmsize`) and
 *                                     HostConfig of every container the grader runs (buildOptions(),
 *                                     hostConfig() below)
 *   pidsPerGrade                      pids.max of the per-grade cgroup /layerlab-builds/grade-<id>
 *                                     (engine/cgroup.ts); every build step and container of the grade
 *                                     runs below it. The daemon's parent cgroup caps all grades together.
 *   pidsPerContainer, nofile          HostConfig.PidsLimit / Ulimits of containers; `ulimits` of builds
 *   buildTimeoutSeconds               abort of the build request (engine/build.ts); the engine kills the step
 *   gradeTimeoutSeconds               abort of everything the grade does (grade.ts)
 *   runTimeoutSeconds                 kill of a container the checks run (engine/containers.ts)
 *   maxContextBytes/Files             counted while packing the tar on the client (engine/context-tar.ts)
 *   maxInstructions                   refused before any build (dockerfile/policy.ts)
 *   buildLogBytes                     the build log kept in the report (grade.ts; a flood is cut in the middle)
 *   readonlyRootfs                    HostConfig.ReadonlyRootfs of run checks (off: npm writes under $HOME)
 * Always (not settings): network none, no-new-privileges, CapDrop ALL for run checks, never a pull,
 * classic builder only, forced removal of every container and tag.
 */

export interface SandboxLimits {
  /** Memory of every build step and container, MiB. */
  memoryMb: number;
  /** Swap on top of memory, MiB (0 = no swap). */
  swapMb: number;
  /** CPU share of every build step and container (1 = one full core). */
  cpus: number;
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
  /** Build log kept in the report, all builds together (characters). */
  buildLogBytes: number;
  /** Read-only root filesystem for run checks. */
  readonlyRootfs: boolean;
}

export const DEFAULT_SANDBOX_LIMITS: Readonly<SandboxLimits> = Object.freeze({
  memoryMb: 512,
  swapMb: 0,
  cpus: 1,
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
  buildLogBytes: 60 * 1024,
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

const MiB = 1024 * 1024;

/** Query options of the build API (classic builder) for these limits. */
export function buildOptions(l: Pick<SandboxLimits, 'memoryMb' | 'swapMb' | 'cpus' | 'shmMb' | 'nofile'>): Record<string, unknown> {
  const memory = l.memoryMb * MiB;
  return {
    networkmode: 'none',
    pull: false,
    memory,
    memswap: memory + l.swapMb * MiB,
    cpuperiod: 100_000,
    cpuquota: Math.round(100_000 * l.cpus),
    shmsize: l.shmMb * MiB,
    ulimits: JSON.stringify([{ Name: 'nofile', Soft: l.nofile, Hard: l.nofile }]),
  };
}

/** HostConfig of a container the grader runs (run checks, path probes). */
export function hostConfig(l: SandboxLimits, cgroupParent?: string): Record<string, unknown> {
  const memory = l.memoryMb * MiB;
  return {
    NetworkMode: 'none',
    Memory: memory,
    MemorySwap: memory + l.swapMb * MiB,
    PidsLimit: l.pidsPerContainer,
    CpuPeriod: 100_000,
    CpuQuota: Math.round(100_000 * l.cpus),
    ShmSize: l.shmMb * MiB,
    SecurityOpt: ['no-new-privileges'],
    CapDrop: ['ALL'],
    ReadonlyRootfs: l.readonlyRootfs,
    ...(l.readonlyRootfs ? { Tmpfs: { '/tmp': 'rw,noexec,nosuid,size=16m' } } : {}),
    AutoRemove: false, // removed by the grader (forced) once its output is read
    Privileged: false,
    ...(cgroupParent ? { CgroupParent: cgroupParent } : {}),
    LogConfig: { Type: 'json-file', Config: { 'max-size': '1m', 'max-file': '1' } },
    Ulimits: [{ Name: 'nofile', Soft: l.nofile, Hard: l.nofile }],
  };
}
