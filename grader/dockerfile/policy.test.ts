import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../lib/dockerfile/parse';
import { checkImagePolicy, dockerfileShapeProblems, isRemoteSource } from './policy';
import { buildOptions, hostConfig, resolveSandboxLimits, DEFAULT_SANDBOX_LIMITS } from '../engine/limits';

const policy = (text: string) => checkImagePolicy(parseDockerfile(text), ['layerlab/busybox']);

describe('remote ADD', () => {
  it('refuses ADD <url> before any build, naming the line and the fix', () => {
    const v = policy('FROM layerlab/busybox\nADD https://example.com/a.tgz /opt/\n');
    expect(v).toHaveLength(1);
    expect(v[0].message).toMatch(/^Line 2 `ADD https:\/\/example\.com\/a\.tgz \/opt\/`: remote `ADD https:\/\/example\.com\/a\.tgz` is not allowed.*COPY/);
  });
  it('knows urls and git remotes, not local paths', () => {
    for (const s of ['http://x/y', 'HTTPS://x', 'git://h/r.git', 'git@github.com:a/b.git', 'ftp://h/f']) expect(isRemoteSource(s)).toBe(true);
    for (const s of ['app/', './http:/x', 'file.tar.gz', '/abs']) expect(isRemoteSource(s)).toBe(false);
    expect(policy('FROM layerlab/busybox\nADD app.tar.gz /opt/\nADD ["a b", "/c"]\n')).toEqual([]);
    expect(policy('FROM layerlab/busybox\nADD ["http://x/y", "/c"]\n')).toHaveLength(1);
  });
});

describe('dockerfileShapeProblems', () => {
  const shape = (t: string, max = 200) => dockerfileShapeProblems(t, parseDockerfile(t), max);
  it('accepts a normal Dockerfile', () => expect(shape('FROM layerlab/busybox\nRUN echo hi\n')).toEqual([]));
  it('refuses binary garbage', () => expect(shape('FROM x\n\0\x01\x02garbage')[0]).toMatch(/not a text file/));
  it('refuses too many instructions', () => expect(shape(`FROM layerlab/busybox\n${'RUN :\n'.repeat(300)}`)[0]).toMatch(/301 instructions \(at most 200/));
  it('refuses a Dockerfile without FROM', () => expect(shape('RUN echo hi\n')[0]).toMatch(/no FROM instruction.*line 1/));
});

describe('sandbox limits (one place)', () => {
  it('layers defaults, the lab and the caller', () => {
    const l = resolveSandboxLimits({ memoryMb: 256, buildTimeoutSeconds: 30 }, { pidsPerGrade: 64, memoryMb: undefined });
    expect(l).toMatchObject({ memoryMb: 256, buildTimeoutSeconds: 30, pidsPerGrade: 64, gradeTimeoutSeconds: DEFAULT_SANDBOX_LIMITS.gradeTimeoutSeconds });
  });
  it('always builds and runs with network none, no swap, no new privileges and no capabilities', () => {
    const b = buildOptions(DEFAULT_SANDBOX_LIMITS);
    expect(b).toMatchObject({ networkmode: 'none', pull: false, memswap: b.memory });
    const h = hostConfig(DEFAULT_SANDBOX_LIMITS, '/layerlab-builds/grade-x');
    expect(h).toMatchObject({ NetworkMode: 'none', MemorySwap: h.Memory, SecurityOpt: ['no-new-privileges'], CapDrop: ['ALL'], AutoRemove: false, PidsLimit: 128, CgroupParent: '/layerlab-builds/grade-x' });
  });
  it('caps CPU per grade only when asked: by default grades share the sandbox by weight (engine/daemon.ts GRADING_CPU_SHARES)', () => {
    expect(DEFAULT_SANDBOX_LIMITS.cpus).toBeNull();
    expect(buildOptions(DEFAULT_SANDBOX_LIMITS)).not.toHaveProperty('cpuquota');
    expect(hostConfig(DEFAULT_SANDBOX_LIMITS)).not.toHaveProperty('CpuQuota');
    const half = resolveSandboxLimits({ cpus: 0.5 });
    expect(buildOptions(half)).toMatchObject({ cpuperiod: 100_000, cpuquota: 50_000 });
    expect(hostConfig(half)).toMatchObject({ CpuPeriod: 100_000, CpuQuota: 50_000 });
  });
});
