/**
 * Hostile submissions against the real sandbox engine (issue 4): every case is graded or refused with
 * a clear message, the limit that stops it is named, and after each case a normal grade of the
 * reference solution still succeeds in normal time. At the end the engine's image and container
 * counts are back at their baseline and no grade cgroup is left.
 *
 * One table of cases, one loop. The lab is tests/fixtures/labs/hostile (layerlab/busybox, one build,
 * build 8 s / run 3 s / 128 MiB); the suite lowers pids per grade to 64, cpu to half a core and the
 * kept log to 20 KB. Measurements go to data/test-results/hostile.json (docs/security.md is made
 * from them).
 *
 * The "RUN prints fake `Using cache` lines" case is NOT repeated here: grader-cache-order.test.ts
 * grades it (the cache check reads the image history, not the output).
 *
 * NETWORK: the network cases only try to reach 192.0.2.1 (TEST-NET-1, never routed) from INSIDE a
 * network-none build step or container; nothing here touches the host network.
 */
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradeSubmission, type GradeEvent, type GradeReport, type GradeInput } from '../../grader/grade';
import { readCaseFiles } from '../../grader/lab-check';
import { ensureBaseImages } from '../../grader/engine/base-images';
import { CGROUP_PARENT, ensureEngine } from '../../grader/engine/daemon';
import type { SandboxLimits } from '../../grader/engine/limits';

const LABS = { labsDir: path.resolve('tests/fixtures/labs') };
const LAB = 'hostile';
const SUITE_LIMITS: Partial<SandboxLimits> = { pidsPerGrade: 64, cpus: 0.5, buildLogChars: 20 * 1024 };
const LAB_LIMITS = { buildTimeoutSeconds: 8, runTimeoutSeconds: 3, memoryMb: 128 };
/** A normal grade of the reference solution takes ~2-3 s here; "normal time" leaves room for a busy host. */
const NORMAL_GRADE_MS = 20_000;
const SOLUTION = fs.readFileSync(path.join(LABS.labsDir, LAB, 'solution', 'Dockerfile'), 'utf8');

const FROM = 'FROM layerlab/busybox\n';
const IFACES = `echo "interfaces: $(tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | tr '\\n' ' ')"`;
const NET_PROBE = `timeout 3 wget -O- http://192.0.2.1/ 2>&1; timeout 3 nc 192.0.2.1 80 </dev/null 2>&1; timeout 3 nslookup example.com 2>&1; ${IFACES}`;

interface Case {
  name: string;
  /** What a hostile student (or a careless one) does. */
  what: string;
  /** The limit or rule that stops it. */
  stoppedBy: string;
  files: () => Record<string, string> | Promise<Record<string, string>>;
  limits?: Partial<SandboxLimits>;
  allowAnyPath?: boolean;
  /** Refused before any build (no build-start event). */
  refused?: boolean;
  /** Upper bound of the grade's wall time (ms). */
  maxMs?: number;
  verify: (r: GradeReport, m: Measured) => void;
}

interface Measured {
  ms: number;
  pidsPeak?: number;
  memPeakMb?: number;
  builtAnything: boolean;
}

const check = (r: GradeReport, id: string) => r.checks.find((c) => c.id === id)!;
const build = (r: GradeReport) => check(r, 'builds').feedback;
const run = (r: GradeReport) => check(r, 'app-runs').feedback;
const tiny = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`app/f${i}.txt`, `${i}\n`]));

const CASES: Case[] = [
  {
    name: 'fork bomb in RUN',
    what: 'RUN f(){ f|f& }; f',
    stoppedBy: `pids.max ${SUITE_LIMITS.pidsPerGrade} of the per-grade cgroup`,
    files: () => ({ Dockerfile: `${FROM}RUN f(){ f|f& }; f; sleep 3; echo bomb-done\n` }),
    verify: (r, m) => {
      expect(r.log).toMatch(/can't fork|Resource temporarily unavailable/);
      if (m.pidsPeak !== undefined) expect(m.pidsPeak).toBeLessThanOrEqual(SUITE_LIMITS.pidsPerGrade!);
    },
  },
  {
    name: 'fork bomb in CMD',
    what: 'CMD sh -c "f(){ f|f& }; f"',
    stoppedBy: 'per-grade pids.max + container PidsLimit + run time limit',
    files: () => ({ Dockerfile: `${FROM}CMD ["sh", "-c", "f(){ f|f& }; f; sleep 60"]\n` }),
    verify: (r, m) => {
      expect(check(r, 'builds').passed).toBe(true);
      expect(check(r, 'app-runs').passed).toBe(false);
      expect(run(r)).toMatch(/did not exit within 3 s|exited with code|does not contain/);
      if (m.pidsPeak !== undefined) expect(m.pidsPeak).toBeLessThanOrEqual(SUITE_LIMITS.pidsPerGrade!);
    },
  },
  {
    name: 'memory hog in RUN',
    what: 'RUN dd bs=300M (a 300 MiB buffer)',
    stoppedBy: `build memory = memswap ${LAB_LIMITS.memoryMb} MiB (OOM kill, 137)`,
    files: () => ({ Dockerfile: `${FROM}RUN dd if=/dev/zero of=/dev/null bs=300M count=1\n` }),
    verify: (r, m) => {
      expect(build(r)).toMatch(/line 2 `RUN dd.*returned a non-zero code: 137.*128 MiB memory limit/s);
      if (m.memPeakMb !== undefined) expect(m.memPeakMb).toBeLessThanOrEqual(LAB_LIMITS.memoryMb + 8);
    },
  },
  {
    name: 'memory hog in CMD',
    what: 'CMD dd bs=300M',
    stoppedBy: `container Memory = MemorySwap ${LAB_LIMITS.memoryMb} MiB`,
    files: () => ({ Dockerfile: `${FROM}CMD ["dd", "if=/dev/zero", "of=/dev/null", "bs=300M", "count=1"]\n` }),
    verify: (r) => {
      expect(check(r, 'builds').passed).toBe(true);
      expect(run(r)).toMatch(/killed for exceeding the 128 MiB memory limit|exited with code 137/);
    },
  },
  {
    name: 'endless loop',
    what: 'RUN while :; do :; done',
    stoppedBy: `build wall clock ${LAB_LIMITS.buildTimeoutSeconds} s (request aborted; cpu quota 0.5 core meanwhile)`,
    maxMs: 20_000,
    files: () => ({ Dockerfile: `${FROM}RUN while :; do :; done\n` }),
    verify: (r) => expect(build(r)).toMatch(/did not finish within 8 s and was stopped/),
  },
  {
    name: 'sleep forever',
    what: 'RUN sleep 100000',
    stoppedBy: `build wall clock ${LAB_LIMITS.buildTimeoutSeconds} s`,
    maxMs: 20_000,
    files: () => ({ Dockerfile: `${FROM}RUN sleep 100000\n` }),
    verify: (r) => expect(build(r)).toMatch(/did not finish within 8 s and was stopped/),
  },
  {
    name: 'disk filler',
    what: 'RUN dd if=/dev/zero of=/fill bs=1M (unbounded)',
    stoppedBy: 'build wall clock 5 s (no disk quota on ext4), then forced removal of the step container',
    limits: { buildTimeoutSeconds: 5 },
    maxMs: 20_000,
    files: () => ({ Dockerfile: `${FROM}RUN dd if=/dev/zero of=/fill bs=1M\n` }),
    verify: (r) => expect(build(r)).toMatch(/did not finish within 5 s and was stopped|returned a non-zero code/),
  },
  {
    name: 'grade wall clock',
    what: 'RUN sleep 100000 with a grade limit shorter than the build limit',
    stoppedBy: 'grade wall clock 4 s (every build and check aborted)',
    limits: { gradeTimeoutSeconds: 4 },
    maxMs: 15_000,
    files: () => ({ Dockerfile: `${FROM}RUN sleep 100000\n` }),
    verify: (r) => {
      expect(build(r)).toMatch(/The grade did not finish within 4 s .* and was stopped/);
      expect(run(r)).toMatch(/Not evaluated: the grade was stopped at its time limit/);
    },
  },
  {
    name: 'network from a build step',
    what: 'RUN wget / nc / nslookup to 192.0.2.1',
    stoppedBy: 'build networkmode none (only lo) + engine without bridge',
    files: () => ({ Dockerfile: `${FROM}RUN ${NET_PROBE}\nCOPY app/ /app/\nCMD ["sh", "/app/hello.sh"]\n` }),
    verify: (r) => {
      expect(r.log).toMatch(/Network is unreachable/);
      expect(r.log).toMatch(/^interfaces: lo $/m);
      expect(r.log).not.toMatch(/HTTP\/1\.[01] \d{3}|Connected to|Address \d+: \d+\.\d+\.\d+\.\d+ example\.com/);
      expect(execFileSync('ip', ['-o', 'link', 'show', 'type', 'bridge'], { encoding: 'utf8' }).trim()).toBe('');
    },
  },
  {
    name: 'network from the running image',
    what: 'CMD wget / nc to 192.0.2.1',
    stoppedBy: 'container NetworkMode none (only lo)',
    files: () => ({ Dockerfile: `${FROM}CMD ["sh", "-c", ${JSON.stringify(`${NET_PROBE}; exit 3`)}]\n` }),
    verify: (r) => {
      expect(run(r)).toMatch(/exited with code 3/);
      expect(run(r)).toMatch(/Network is unreachable|interfaces: lo\s*$/m);
      expect(execFileSync('ip', ['-o', 'link', 'show', 'type', 'bridge'], { encoding: 'utf8' }).trim()).toBe('');
    },
  },
  {
    name: 'disallowed FROM',
    what: 'FROM alpine:3.19',
    stoppedBy: 'allowedBaseImages policy, before any build (never a pull)',
    refused: true,
    files: () => ({ Dockerfile: 'FROM alpine:3.19\nCMD ["echo", "hi"]\n' }),
    verify: (r) => expect(build(r)).toMatch(/Line 1 `FROM alpine:3\.19`: base image `alpine:3\.19` is not allowed.*layerlab\/busybox.*No registry is reachable/),
  },
  {
    name: 'FROM scratch with nothing to run',
    what: 'FROM scratch + COPY + CMD of a shell script',
    stoppedBy: 'allowedBaseImages policy (scratch is not a provided image)',
    refused: true,
    files: () => ({ Dockerfile: 'FROM scratch\nCOPY app/ /app/\nCMD ["/app/hello.sh"]\n' }),
    verify: (r) => expect(build(r)).toMatch(/Line 1 `FROM scratch`: base image `scratch` is not allowed in this lab\. Use layerlab\/busybox/),
  },
  {
    name: 'remote ADD',
    what: 'ADD https://example.com/payload.tar.gz /',
    stoppedBy: 'policy: remote ADD refused before any build',
    refused: true,
    files: () => ({ Dockerfile: `${FROM}ADD https://example.com/payload.tar.gz /opt/\n` }),
    verify: (r) => expect(build(r)).toMatch(/Line 2 `ADD https:\/\/example\.com\/payload\.tar\.gz \/opt\/`: remote `ADD https:\/\/example\.com\/payload\.tar\.gz` is not allowed.*COPY/),
  },
  {
    name: 'syntax error (unknown instruction)',
    what: 'RUNN echo',
    stoppedBy: 'the engine\'s parser; graded with the line',
    files: () => ({ Dockerfile: `${FROM}RUNN echo hi\n` }),
    verify: (r) => expect(build(r)).toMatch(/line 2 `RUNN echo hi`.*unknown instruction/is),
  },
  {
    name: 'syntax error (missing arguments)',
    what: 'COPY with no arguments',
    stoppedBy: 'the engine\'s parser; graded',
    files: () => ({ Dockerfile: `${FROM}COPY\n` }),
    verify: (r) => expect(build(r)).toMatch(/COPY requires at least two arguments/),
  },
  {
    name: '10,000-line Dockerfile',
    what: '10,000 × `RUN :` (60 KB, under the size cap)',
    stoppedBy: 'maxInstructions 200, before any build',
    refused: true,
    files: () => ({ Dockerfile: FROM + 'RUN :\n'.repeat(10_000) }),
    verify: (r) => expect(build(r)).toMatch(/The Dockerfile has 10001 instructions \(at most 200 in this grader\)/),
  },
  {
    name: '10,000-line Dockerfile over the size cap',
    what: '10,000 × `RUN echo layer` (150 KB)',
    stoppedBy: 'Dockerfile size cap 64 KiB, before any build',
    refused: true,
    files: () => ({ Dockerfile: FROM + 'RUN echo layer\n'.repeat(10_000) }),
    verify: (r) => expect(build(r)).toMatch(/The Dockerfile is too large \(\d+ bytes; at most 65536\)/),
  },
  {
    name: 'binary garbage',
    what: '4 KB of random bytes as the Dockerfile',
    stoppedBy: 'text check, before any build',
    refused: true,
    files: () => ({ Dockerfile: randomBytes(4096).toString('latin1') }),
    verify: (r) => expect(build(r)).toMatch(/The Dockerfile is not a text file/),
  },
  {
    name: '50 MB context',
    what: 'app/big.bin of 50 MB',
    stoppedBy: 'submission size cap 256 KiB, before any build',
    refused: true,
    files: () => ({ Dockerfile: SOLUTION, 'app/big.bin': 'x'.repeat(50 * 1024 * 1024) }),
    verify: (r) => expect(build(r)).toMatch(/The submission is too large \(524288\d\d bytes; at most 262144\)/),
  },
  {
    name: 'thousands of tiny files',
    what: '5,000 files under app/',
    stoppedBy: 'submission file-count cap 50, before any build',
    refused: true,
    files: () => ({ Dockerfile: SOLUTION, ...tiny(5000) }),
    verify: (r) => expect(build(r)).toMatch(/Too many files submitted \(5001; at most 50\)/),
  },
  {
    name: 'build context over the per-grade cap',
    what: '40 files with a grade cap of 10 context files',
    stoppedBy: 'context file cap, counted while packing (nothing reaches the engine)',
    limits: { maxContextFiles: 10 },
    files: () => ({ Dockerfile: SOLUTION, ...tiny(40) }),
    verify: (r) => expect(build(r)).toMatch(/The build context is too large: build context has 42 files \(at most 10\)/),
  },
  {
    name: 'file name with ../',
    what: '`../../etc/cron.d/x` as a submitted file',
    stoppedBy: 'file-name check, before any build',
    refused: true,
    files: () => ({ Dockerfile: SOLUTION, '../../etc/cron.d/x': '* * * * * root id\n' }),
    verify: (r) => expect(build(r)).toMatch(/File name "\.\.\/\.\.\/etc\/cron\.d\/x" contains `\.\.`/),
  },
  {
    name: 'absolute file name',
    what: '`/etc/passwd` as a submitted file',
    stoppedBy: 'file-name check, before any build',
    refused: true,
    files: () => ({ Dockerfile: SOLUTION, '/etc/passwd': 'root::0:0::/:/bin/sh\n' }),
    verify: (r) => expect(build(r)).toMatch(/File name "\/etc\/passwd" is absolute/),
  },
  {
    name: 'COPY from outside the context',
    what: 'COPY ../../../etc/passwd /x',
    stoppedBy: 'the engine: paths outside the context are forbidden; graded',
    files: () => ({ Dockerfile: `${FROM}COPY ../../../etc/passwd /x\n` }),
    verify: (r) => expect(build(r)).toMatch(/line 2 `COPY \.\.\/\.\.\/\.\.\/etc\/passwd \/x`.*(outside the build context|not found|no such file)/is),
  },
  {
    name: 'symlink pointing out of the context',
    what: 'a submission directory with app/passwd -> /etc/passwd (CLI / lab-check path)',
    stoppedBy: 'the directory reader takes regular files only; a submitted text file is never a link',
    files: async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlab-hostile-'));
      fs.mkdirSync(path.join(dir, 'app'));
      fs.writeFileSync(path.join(dir, 'Dockerfile'), `${FROM}WORKDIR /app\nCOPY app/ ./app/\nCMD ["sh", "-c", "cat app/passwd 2>&1; sh app/hello.sh"]\n`);
      fs.symlinkSync('/etc/passwd', path.join(dir, 'app', 'passwd'));
      fs.symlinkSync('/etc', path.join(dir, 'etc-link'));
      const files = await readCaseFiles(dir);
      fs.rmSync(dir, { recursive: true, force: true });
      expect(Object.keys(files)).toEqual(['Dockerfile']);
      return files;
    },
    verify: (r) => {
      expect(r.score).toBe(r.maxScore);
      expect(run(r)).toMatch(/printed "hello from layerlab"/);
    },
  },
  {
    name: '.dockerignore that excludes the Dockerfile',
    what: '.dockerignore: Dockerfile, .dockerignore',
    stoppedBy: 'nothing to stop: like the Docker CLI, the Dockerfile is always sent; graded normally',
    files: () => ({ Dockerfile: SOLUTION, '.dockerignore': 'Dockerfile\n.dockerignore\n' }),
    verify: (r) => expect(r.score).toBe(r.maxScore),
  },
  {
    name: 'output flood in RUN',
    what: 'RUN yes | head -c 20000000 (20 MB of log)',
    stoppedBy: `build log cap ${SUITE_LIMITS.buildLogChars! / 1024} KB (head + tail kept)`,
    maxMs: 60_000,
    files: () => ({ Dockerfile: `${FROM}RUN yes layerlab-flood | head -c 20000000\nCOPY app/ /app/\nCMD ["sh", "/app/hello.sh"]\n` }),
    verify: (r) => {
      expect(check(r, 'builds').passed).toBe(true);
      expect(r.log.length).toBeLessThan(SUITE_LIMITS.buildLogChars! + 2048);
      expect(r.log).toMatch(/characters of log skipped/);
    },
  },
  {
    name: 'output flood in CMD',
    what: 'CMD yes',
    stoppedBy: 'run time limit 3 s + container log max-size 1 MB + 64 KB kept',
    files: () => ({ Dockerfile: `${FROM}CMD ["yes", "layerlab-flood"]\n` }),
    verify: (r) => {
      expect(run(r)).toMatch(/did not exit within 3 s/);
      expect(run(r).length).toBeLessThan(4096);
    },
  },
  {
    name: 'CMD that never exits',
    what: 'CMD sleep 100000',
    stoppedBy: 'run time limit 3 s (container killed, then force-removed)',
    files: () => ({ Dockerfile: `${FROM}CMD ["sleep", "100000"]\n` }),
    verify: (r) => expect(run(r)).toMatch(/did not exit within 3 s \(a lab app must finish, not wait for requests\)/),
  },
];

let docker: Docker;
const gradeIds: string[] = [];
const results: Record<string, unknown>[] = [];
let baseline: { images: number; containers: number };
const foreignGrades = new Set<string>();

const CG = (ctl: string) => path.join('/sys/fs/cgroup', ctl, CGROUP_PARENT);
const gradeDirs = (ctl: string) => {
  try {
    return fs.readdirSync(CG(ctl)).filter((d) => d.startsWith('grade-'));
  } catch {
    return [];
  }
};
const readNum = (f: string) => {
  try {
    return Number(fs.readFileSync(f, 'utf8').trim());
  } catch {
    return undefined;
  }
};

async function engineCounts(): Promise<{ images: number; containers: number }> {
  for (let attempt = 0; ; attempt++) {
    try {
      return { images: (await docker.listImages({ all: true })).length, containers: (await docker.listContainers({ all: true })).length };
    } catch (err) {
      if (attempt >= 4) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** Grade, polling the grade cgroups for the pids and memory peaks while it runs (only its own are kept). */
async function measuredGrade(input: Omit<GradeInput, 'docker' | 'labId' | 'labs'>): Promise<{ report: GradeReport; m: Measured }> {
  const peaks = new Map<string, { pids?: number; mem?: number }>();
  for (const d of gradeDirs('pids')) foreignGrades.add(d);
  const poll = setInterval(() => {
    for (const d of gradeDirs('pids')) {
      const e = peaks.get(d) ?? {};
      const p = readNum(path.join(CG('pids'), d, 'pids.peak')) ?? readNum(path.join(CG('pids'), d, 'pids.current'));
      if (p !== undefined) e.pids = Math.max(e.pids ?? 0, p);
      const mem = readNum(path.join(CG('memory'), d, 'memory.max_usage_in_bytes'));
      if (mem !== undefined) e.mem = Math.max(e.mem ?? 0, mem);
      peaks.set(d, e);
    }
  }, 100);
  const events: GradeEvent[] = [];
  const t = Date.now();
  try {
    const report = await gradeSubmission({ labId: LAB, labs: LABS, docker, ...input, onEvent: (e) => (events.push(e), input.onEvent?.(e)), limits: { ...SUITE_LIMITS, ...input.limits } });
    const ms = Date.now() - t;
    if (report.gradeId) gradeIds.push(report.gradeId);
    const mine = report.gradeId ? `grade-${report.gradeId}` : undefined;
    for (const d of peaks.keys()) if (d !== mine) foreignGrades.add(d);
    const own = mine ? peaks.get(mine) : undefined;
    return {
      report,
      m: {
        ms,
        pidsPeak: own?.pids,
        memPeakMb: own?.mem === undefined ? undefined : Math.round((own.mem / 1024 / 1024) * 10) / 10,
        builtAnything: events.some((e) => e.type === 'build-start'),
      },
    };
  } finally {
    clearInterval(poll);
  }
}

beforeAll(async () => {
  docker = await ensureEngine();
  await ensureBaseImages(docker);
  baseline = await engineCounts();
}, 900_000);

afterAll(async () => {
  // Cleanup: every image, tag, container and cgroup the suite's grades made is gone.
  const imgs = await docker.listImages({ all: true });
  const ours = imgs.filter((i) => (i.RepoTags ?? []).some((t) => gradeIds.some((g) => t.includes(g))) || gradeIds.includes(i.Labels?.['layerlab.grade'] ?? ''));
  const cons = await docker.listContainers({ all: true, filters: { label: ['layerlab.grade'] } });
  const ourCons = cons.filter((c) => gradeIds.includes(c.Labels['layerlab.grade']));
  const after = await engineCounts();
  const leftCgroups = ['pids', 'memory', 'cpu'].flatMap((ctl) => gradeDirs(ctl).filter((d) => gradeIds.includes(d.slice('grade-'.length))));
  const summary = {
    date: new Date().toISOString(),
    host: { cpus: os.cpus().length, kernel: os.release() },
    limits: { lab: LAB_LIMITS, suite: SUITE_LIMITS },
    engine: { baseline, after, foreignGradesSeen: foreignGrades.size, ourImagesLeft: ours.length, ourContainersLeft: ourCons.length, ourCgroupsLeft: leftCgroups.length },
    cases: results,
  };
  fs.mkdirSync('data/test-results', { recursive: true });
  fs.writeFileSync('data/test-results/hostile.json', `${JSON.stringify(summary, null, 2)}\n`);
  expect(ours.map((i) => i.RepoTags)).toEqual([]);
  expect(ourCons.map((c) => c.Id)).toEqual([]);
  expect(leftCgroups).toEqual([]);
  // The exact baseline holds when no other grade shares the engine (CI runs one file at a time).
  if (foreignGrades.size === 0) expect(after).toEqual(baseline);
  else console.warn(`[hostile] ${foreignGrades.size} other grade(s) used the engine meanwhile: counts ${JSON.stringify(after)} vs baseline ${JSON.stringify(baseline)} not compared`);
}, 120_000);

describe('hostile submissions (real engine)', () => {
  it('has at least 20 cases', () => expect(CASES.length).toBeGreaterThanOrEqual(20));

  it('grades the reference solution full before the batch', async () => {
    const { report, m } = await measuredGrade({ files: { Dockerfile: SOLUTION } });
    expect(report.score).toBe(report.maxScore);
    expect(m.ms).toBeLessThan(NORMAL_GRADE_MS);
  });

  for (const c of CASES) {
    it(`${c.name}: graded or refused with a clear message, then a normal grade succeeds`, async () => {
      const { report, m } = await measuredGrade({ files: await c.files(), limits: c.limits, allowAnyPath: c.allowAnyPath });
      expect(report.score).toBeLessThanOrEqual(report.maxScore);
      if (c.refused) expect(m.builtAnything).toBe(false);
      c.verify(report, m);
      expect(m.ms).toBeLessThan(c.maxMs ?? NORMAL_GRADE_MS);
      const counts = await engineCounts();

      const normal = await measuredGrade({ files: { Dockerfile: SOLUTION } });
      expect(normal.report.score).toBe(normal.report.maxScore);
      expect(normal.m.ms).toBeLessThan(NORMAL_GRADE_MS);

      results.push({
        case: c.name,
        what: c.what,
        stoppedBy: c.stoppedBy,
        outcome: m.builtAnything ? 'graded' : 'refused before any build',
        score: `${report.score}/${report.maxScore}`,
        message: (report.checks.find((x) => !x.passed)?.feedback ?? report.checks[0].feedback).split('\n')[0].slice(0, 200),
        timeToStopMs: m.ms,
        pidsPeak: m.pidsPeak ?? null,
        memPeakMb: m.memPeakMb ?? null,
        engineAfter: counts,
        nextNormalGradeMs: normal.m.ms,
      });
    });
  }

  // Grades have no per-grade CPU cap by default (lib/grading/limits.ts `cpus: null`): what protects
  // the host is the sandbox cgroup's low cpu.shares (engine/daemon.ts GRADING_CPU_SHARES). Measured
  // as how the CPU splits while one host process per core runs beside a build step that burns two
  // loops per core: the host's part of the CPU time both sides got in the same window (other load
  // on the machine slows both sides alike). On 2 cores: 0.81 with the host's weight, 0.49 at equal
  // weight.
  it('a build step that burns every core leaves the host its share of the CPU', async () => {
    const cores = os.cpus().length;
    const burn = `${FROM}RUN for i in $(seq ${2 * cores}); do (while :; do :; done) & done; sleep 6\n`;
    let runStarted = () => {};
    const started = new Promise<void>((r) => (runStarted = r));
    const grading = measuredGrade({ files: { Dockerfile: burn }, limits: { cpus: null }, onEvent: (e) => e.type === 'step' && e.instruction.startsWith('RUN') && runStarted() });
    try {
      await started;
      await new Promise((r) => setTimeout(r, 500)); // the step's container is up and its loops forked
      const gradesBefore = sandboxCpuMs();
      const host = (await Promise.all(Array.from({ length: cores }, () => hostBusyLoopCpuMs(3000)))).reduce((a, b) => a + b);
      const grades = sandboxCpuMs() - gradesBefore;
      const hostPart = host / (host + grades);
      results.push({ case: 'burns every core (no per-grade cap)', what: `RUN ${2 * cores} × while :; do :; done`, stoppedBy: 'cpu.shares of the sandbox cgroup', hostCpuMs: Math.round(host), gradesCpuMs: Math.round(grades), hostPart: Number(hostPart.toFixed(2)) });
      expect(grades, 'the build step ran during the window').toBeGreaterThan(100);
      expect(hostPart).toBeGreaterThan(0.65);
    } finally {
      await grading;
    }
  });
});

/** CPU time (ms) all grades used so far: the sandbox cgroup's cpuacct.usage (cgroup v1) or cpu.stat usage_usec (v2). */
function sandboxCpuMs(): number {
  const v1 = path.join(CG('cpuacct'), 'cpuacct.usage');
  if (fs.existsSync(v1)) return Number(fs.readFileSync(v1, 'utf8')) / 1e6;
  const stat = fs.readFileSync(path.join('/sys/fs/cgroup', CGROUP_PARENT, 'cpu.stat'), 'utf8');
  return Number(/usage_usec (\d+)/.exec(stat)![1]) / 1000;
}

/** CPU time (ms) a host process gets while it busy-loops for `wallMs` (process.cpuUsage of a child node). */
function hostBusyLoopCpuMs(wallMs: number): Promise<number> {
  const code = `const t=Date.now();while(Date.now()-t<${wallMs}){}const u=process.cpuUsage();console.log((u.user+u.system)/1000)`;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', code], (err, stdout) => (err ? reject(err) : resolve(Number(stdout))));
  });
}
