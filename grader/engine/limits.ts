/**
 * The sandbox limits as Engine API options (pure). The limits themselves, their defaults and where
 * each one is enforced are in lib/grading/limits.ts, the one place every limit and output cap is set.
 */
import type { SandboxLimits } from '../../lib/grading/limits';

export { DEFAULT_SANDBOX_LIMITS, resolveSandboxLimits, type SandboxLimits } from '../../lib/grading/limits';

const MiB = 1024 * 1024;

/** Query options of the build API (classic builder) for these limits; `cpus: null` sends no CPU quota. */
export function buildOptions(l: Pick<SandboxLimits, 'memoryMb' | 'swapMb' | 'cpus' | 'shmMb' | 'nofile'>): Record<string, unknown> {
  const memory = l.memoryMb * MiB;
  return {
    networkmode: 'none',
    pull: false,
    memory,
    memswap: memory + l.swapMb * MiB,
    ...(l.cpus === null ? {} : { cpuperiod: 100_000, cpuquota: Math.round(100_000 * l.cpus) }),
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
    ...(l.cpus === null ? {} : { CpuPeriod: 100_000, CpuQuota: Math.round(100_000 * l.cpus) }),
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
