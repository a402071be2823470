/**
 * The dedicated, network-less sandbox Docker engine.
 *
 * ensureEngine() returns a dockerode client for the project's own dockerd (socket under the data
 * dir), starting that daemon detached when nothing answers. The daemon never creates a bridge and
 * never touches iptables (see NETWORK_FLAGS), and it runs in an empty network namespace of its own
 * (see UNSHARE); every build must still use network 'none'.
 */
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Docker from 'dockerode';
import { dataDir, dockerSocketPath } from '../../lib/env';
import { pidAlive } from '../../lib/pid';
import { engineTarget, type EngineTarget } from './target';

/** Docker Engine API version used by every client (Debian's docker.io 20.10 speaks 1.41). */
export const DOCKER_API_VERSION = 'v1.41';

/** cgroup (v1: in the pids, memory and cpu hierarchies) under which every build container runs. */
export const CGROUP_PARENT = '/layerlab-builds';
/** pids.max for the whole sandbox (all concurrent builds together); per-build limits go below. */
export const CGROUP_PARENT_PIDS_MAX = 1024;
/**
 * cpu.shares of the sandbox's parent cgroup (cgroup v1; v2 gets the same weight as cpu.weight 25):
 * a quarter of the default 1024 that each of its siblings has — each process of the root cgroup on
 * a plain host, each slice (system.slice, user.slice) under systemd. Under contention the CFS
 * scheduler gives the host's own work (the web app, PostgreSQL, the worker, dockerd) about 4 parts
 * of CPU for each part all grades together get, so a submission that burns every core cannot starve
 * the host; when the host is idle a grade's builds use every core, as `docker build` on a laptop
 * does (issue 10).
 * Each build step and container below weighs the same (Docker's default 1024), so grades share
 * equally among themselves.
 */
export const GRADING_CPU_SHARES = 256;

/** The non-negotiable network rule: no bridge, no iptables, no forwarding, no proxy. */
export const NETWORK_FLAGS = [
  '--bridge=none',
  '--iptables=false',
  '--ip6tables=false',
  '--ip-masq=false',
  '--ip-forward=false',
  '--userland-proxy=false',
] as const;

const DOCKERD = '/usr/sbin/dockerd';
/**
 * dockerd runs in a network namespace of its own with nothing in it (util-linux `unshare --net`,
 * which execs dockerd, so the pid stays dockerd's). The flags above keep it from making a bridge or
 * iptables rules; the namespace makes sure that nothing the engine does — a `--network host` build,
 * an image pull for an unknown `FROM` or `COPY --from` (a DNS query), a registry login — can send a
 * packet off this machine: every attempt fails with "network is unreachable" (measured with
 * docker.io 20.10: `nslookup` in a host-network build and `FROM evil.example/x` both end that way).
 * The engine's API is a unix socket, which a network namespace does not affect.
 */
const UNSHARE = '/usr/bin/unshare';
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;

/** Thrown (with a one-line reason) when the sandbox engine cannot be started or must not be used. */
export class EngineUnavailableError extends Error {
  constructor(message: string) {
    super(message.replace(/\s*\n\s*/g, ' ').trim());
    this.name = 'EngineUnavailableError';
  }
}

export interface EnginePaths {
  sandboxDir: string;
  socket: string;
  dataRoot: string;
  execRoot: string;
  pidfile: string;
  logFile: string;
  lockFile: string;
}

/** Where the sandbox engine keeps everything. The exec-root is short (unix socket path limit). */
export function enginePaths(): EnginePaths {
  const dd = dataDir();
  const sandboxDir = path.join(dd, 'sandbox');
  const hash = createHash('sha256').update(dd).digest('hex').slice(0, 10);
  return {
    sandboxDir,
    socket: dockerSocketPath(),
    dataRoot: path.join(sandboxDir, 'data'),
    execRoot: `/run/layerlab-${hash}`,
    pidfile: path.join(sandboxDir, 'dockerd.pid'),
    logFile: path.join(sandboxDir, 'dockerd.log'),
    lockFile: path.join(sandboxDir, 'engine.lock'),
  };
}

/**
 * A dockerode client (does not check that anything answers): for `socket` when given, else for the
 * engine the environment names (grader/engine/target.ts: LAYERLAB_DOCKER_SOCKET, then DOCKER_HOST
 * with DOCKER_TLS_VERIFY / DOCKER_CERT_PATH, then this checkout's sandbox socket).
 * Throws EngineConfigError for unusable settings.
 */
export function engineClient(socket?: string, target: EngineTarget = engineTarget()): Docker {
  // docker-modem merges DOCKER_HOST's host/port/TLS into every client: clear them for a socket.
  const plain = { host: undefined, port: undefined, protocol: 'http', ca: undefined, cert: undefined, key: undefined } as const;
  if (socket !== undefined) return new Docker({ ...plain, socketPath: socket, version: DOCKER_API_VERSION } as Docker.DockerOptions);
  if (target.kind === 'socket') return new Docker({ ...plain, socketPath: target.socketPath, version: DOCKER_API_VERSION } as Docker.DockerOptions);
  const certs = target.certPath
    ? Object.fromEntries(['ca', 'cert', 'key'].map((k) => [k, fs.readFileSync(path.join(target.certPath!, `${k}.pem`))]))
    : {};
  return new Docker({ host: target.host, port: target.port, protocol: target.tls ? 'https' : 'http', ...certs, version: DOCKER_API_VERSION });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Resolves once the engine answers `GET /_ping`; rejects with dockerode's error when it does not, or
 * with an abort error after `timeoutMs` (milliseconds), so a hung socket cannot stall the caller.
 */
export async function pingWithin(docker: Docker, timeoutMs: number): Promise<void> {
  const ac = new AbortController();
  const t = setTimeout(() => ac.abort(), timeoutMs);
  try {
    // dockerode supports abortSignal on ping; its typings (4.x) do not say so.
    await (docker.ping as unknown as (o: { abortSignal: AbortSignal }) => Promise<unknown>).call(docker, { abortSignal: ac.signal });
  } finally {
    clearTimeout(t);
  }
}

/** True when the engine answers a ping within `timeoutMs`; false at once for a socket file that does not exist. */
async function pingOk(docker: Docker, timeoutMs = 2000): Promise<boolean> {
  const socketPath = (docker.modem as unknown as { socketPath?: string }).socketPath;
  if (socketPath !== undefined && !fs.existsSync(socketPath)) return false;
  return pingWithin(docker, timeoutMs).then(() => true, () => false);
}


function cmdline(pid: number): string[] {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

function readPid(file: string): number | undefined {
  try {
    const n = Number.parseInt(fs.readFileSync(file, 'utf8').trim(), 10);
    return Number.isFinite(n) ? n : undefined;
  } catch {
    return undefined;
  }
}

/** Pid of *our* dockerd (matched on its --pidfile argument), if it is alive. */
function ourDockerdPid(p: EnginePaths): number | undefined {
  const pid = readPid(p.pidfile);
  if (pid === undefined || !pidAlive(pid)) return undefined;
  const argv = cmdline(pid);
  const isOurs =
    argv.length > 0 &&
    path.basename(argv[0]) === 'dockerd' &&
    argv.some((a, i) => a === `--pidfile=${p.pidfile}` || (a === '--pidfile' && argv[i + 1] === p.pidfile));
  return isOurs ? pid : undefined;
}

/**
 * The network namespace of the running sandbox dockerd (`net:[4026532…]`, from /proc/<pid>/ns/net),
 * or undefined when it is not running. Differs from this process's own when the engine was started
 * in a namespace of its own (see UNSHARE).
 */
export function engineNetworkNamespace(): string | undefined {
  const pid = ourDockerdPid(enginePaths());
  if (pid === undefined) return undefined;
  try {
    return fs.readlinkSync(`/proc/${pid}/ns/net`);
  } catch {
    return undefined;
  }
}

function tailOfLog(file: string, fromByte = 0, maxLines = 3): string {
  try {
    const buf = fs.readFileSync(file);
    const lines = buf
      .subarray(Math.min(fromByte, buf.length))
      .toString('utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    const interesting = lines.filter((l) => /level=(error|fatal)|failed|error/i.test(l));
    return (interesting.length ? interesting : lines).slice(-maxLines).join(' | ');
  } catch {
    return '';
  }
}

/**
 * Cross-process exclusive lock held by a tiny `flock` child: the kernel releases it when that child
 * (or we) die, so a crashed holder can never leave a stale lock behind.
 */
export async function withFileLock<T>(
  lockFile: string,
  fn: () => Promise<T>,
  opts: { timeoutMs?: number; onWait?: () => void } = {},
): Promise<T> {
  fs.mkdirSync(path.dirname(lockFile), { recursive: true });
  const timeoutS = Math.max(1, Math.ceil((opts.timeoutMs ?? 15 * 60_000) / 1000));
  const child: ChildProcess = spawn(
    'flock',
    ['--exclusive', '--wait', String(timeoutS), lockFile, '-c', 'echo locked; exec cat >/dev/null'],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let waitTimer: NodeJS.Timeout | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      let out = '';
      let err = '';
      if (opts.onWait) waitTimer = setTimeout(opts.onWait, 500);
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('locked')) resolve();
      });
      child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
      child.on('error', (e) => reject(new EngineUnavailableError(`cannot run flock for ${lockFile}: ${e.message}`)));
      child.on('exit', (code) =>
        reject(new EngineUnavailableError(`could not lock ${lockFile} (flock exit ${code}${err ? `: ${err.trim()}` : ''})`)),
      );
    });
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  } finally {
    if (waitTimer) clearTimeout(waitTimer);
  }
  try {
    return await fn();
  } finally {
    child.stdin!.end();
    child.kill('SIGTERM');
  }
}

function writeIfDifferent(file: string, value: string) {
  try {
    if (fs.readFileSync(file, 'utf8').trim() === value) return;
  } catch {
    /* not readable: try the write */
  }
  fs.writeFileSync(file, value);
}

/**
 * Create the parent cgroup for build containers. cgroup v1: pids, memory and cpu hierarchies
 * (pids.max and cpu.shares set); cgroup v2 (unified): one directory with pids.max, and cpu.weight
 * (the cpu controller enabled for the root's children first). Idempotent. Throws
 * EngineUnavailableError when the pids limit cannot be set; a CPU weight that cannot be set is
 * reported through `onProgress` (grades then compete with the host at equal weight).
 */
export function ensureCgroupParent(onProgress: (msg: string) => void = () => {}): void {
  const name = CGROUP_PARENT.replace(/^\//, '');
  const root = '/sys/fs/cgroup';
  if (fs.existsSync(path.join(root, 'cgroup.controllers'))) {
    const dir = path.join(root, name);
    fs.mkdirSync(dir, { recursive: true });
    try {
      writeIfDifferent(path.join(dir, 'pids.max'), String(CGROUP_PARENT_PIDS_MAX));
    } catch (e) {
      throw new EngineUnavailableError(`cannot set ${dir}/pids.max: ${(e as Error).message}`);
    }
    setCgroupV2CpuWeight(root, dir, onProgress);
    return;
  }
  for (const ctl of ['pids', 'memory', 'cpu']) {
    const hier = path.join(root, ctl);
    if (!fs.existsSync(hier)) {
      throw new EngineUnavailableError(`cgroup v1 controller ${ctl} is not mounted at ${hier}`);
    }
    const dir = path.join(hier, name);
    try {
      fs.mkdirSync(dir, { recursive: true });
      if (ctl === 'pids') writeIfDifferent(path.join(dir, 'pids.max'), String(CGROUP_PARENT_PIDS_MAX));
    } catch (e) {
      throw new EngineUnavailableError(`cannot prepare cgroup ${dir}: ${(e as Error).message}`);
    }
    if (ctl === 'cpu') {
      try {
        writeIfDifferent(path.join(dir, 'cpu.shares'), String(GRADING_CPU_SHARES));
      } catch (e) {
        onProgress(`WARNING: cannot set ${dir}/cpu.shares (${(e as Error).message}): grades compete with the host at equal CPU weight`);
      }
    }
  }
}

/** cgroup v2: cpu.weight of the sandbox cgroup (v1 shares → v2 weight: 1024 ↔ 100), enabling the cpu controller below the root first. */
function setCgroupV2CpuWeight(root: string, dir: string, onProgress: (msg: string) => void): void {
  try {
    const enabled = fs.readFileSync(path.join(root, 'cgroup.subtree_control'), 'utf8').split(/\s+/);
    if (!enabled.includes('cpu')) fs.writeFileSync(path.join(root, 'cgroup.subtree_control'), '+cpu');
    writeIfDifferent(path.join(dir, 'cpu.weight'), String(Math.round((GRADING_CPU_SHARES * 100) / 1024)));
  } catch (e) {
    onProgress(`WARNING: cannot set ${dir}/cpu.weight (${(e as Error).message}): grades compete with the host at equal CPU weight`);
  }
}

function dockerdArgs(p: EnginePaths, storageDriver: 'overlay2' | 'vfs'): string[] {
  return [
    `--data-root=${p.dataRoot}`,
    `--exec-root=${p.execRoot}`,
    `--pidfile=${p.pidfile}`,
    `--host=unix://${p.socket}`,
    ...NETWORK_FLAGS,
    '--no-new-privileges',
    '--default-ulimit=nofile=1024:1024',
    '--default-ulimit=nproc=512:512',
    `--cgroup-parent=${CGROUP_PARENT}`,
    `--storage-driver=${storageDriver}`,
    '--log-level=info',
    ...usernsRemapArgs(),
  ];
}

/**
 * Optional user-namespace remapping (`LAYERLAB_USERNS_REMAP=1`, off by default): container root maps
 * to an unprivileged host uid range. dockerd then creates the `dockremap` user (/etc/passwd,
 * /etc/subuid, /etc/subgid), keeps a SEPARATE image store (<data-root>/<uid>.<gid>: the base images
 * are built again on first start), and `chown` to uids above the range or `mknod` fail inside builds.
 * Takes effect when the engine starts (stop it first: `npm run sandbox:stop`). See docs/security.md.
 */
export function usernsRemapArgs(value = process.env.LAYERLAB_USERNS_REMAP): string[] {
  return value === '1' || value === 'true' ? ['--userns-remap=default'] : [];
}

/** Remove leftovers of a dead daemon: a pidfile whose process is gone and a socket nobody serves. */
async function clearStale(p: EnginePaths, onProgress: (m: string) => void) {
  const pid = readPid(p.pidfile);
  if (pid !== undefined && ourDockerdPid(p) === undefined) {
    onProgress(`removing stale pidfile (pid ${pid} is not running)`);
    fs.rmSync(p.pidfile, { force: true });
  }
  if (fs.existsSync(p.socket) && !(await pingOk(engineClient(p.socket)))) {
    onProgress('removing stale socket');
    fs.rmSync(p.socket, { force: true });
  }
}

async function killAndWait(pid: number, timeoutMs: number): Promise<boolean> {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return true;
  }
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!pidAlive(pid)) return true;
    await sleep(200);
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    /* gone */
  }
  await sleep(500);
  return !pidAlive(pid);
}

async function startDaemon(
  p: EnginePaths,
  storageDriver: 'overlay2' | 'vfs',
  onProgress: (m: string) => void,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  const logStart = fs.existsSync(p.logFile) ? fs.statSync(p.logFile).size : 0;
  const logFd = fs.openSync(p.logFile, 'a');
  fs.writeSync(logFd, `\n==== layerlab: starting dockerd (${storageDriver}) at ${new Date().toISOString()} ====\n`);
  let exited: string | undefined;
  let child: ChildProcess;
  try {
    child = spawn(UNSHARE, ['--net', '--', DOCKERD, ...dockerdArgs(p, storageDriver)], {
      detached: true,
      stdio: ['ignore', logFd, logFd],
      env: {
        PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
        HOME: '/root',
        LANG: 'C.UTF-8',
      } as Record<string, string> as NodeJS.ProcessEnv,
    });
  } finally {
    fs.closeSync(logFd);
  }
  child.on('error', (e) => (exited = `cannot run ${UNSHARE} --net ${DOCKERD}: ${e.message}`));
  child.on('exit', (code, sig) => (exited = `dockerd exited (${sig ?? `code ${code}`})`));
  child.unref();
  onProgress(`dockerd started (pid ${child.pid}, storage ${storageDriver}); waiting for ${p.socket}`);

  const docker = engineClient(p.socket);
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited) {
      return { ok: false, reason: `${exited}: ${tailOfLog(p.logFile, logStart)} (log: ${p.logFile})` };
    }
    if (await pingOk(docker, 1000)) return { ok: true };
    await sleep(250);
  }
  if (child.pid) await killAndWait(child.pid, 5000);
  return {
    ok: false,
    reason: `dockerd did not answer on ${p.socket} within ${START_TIMEOUT_MS / 1000}s: ${tailOfLog(p.logFile, logStart)} (log: ${p.logFile})`,
  };
}

/**
 * Return a client for the sandbox engine, starting the dedicated dockerd if nothing answers on
 * its socket. Idempotent and safe to call concurrently from several processes.
 */
export async function ensureEngine(opts: { onProgress?: (msg: string) => void } = {}): Promise<Docker> {
  const onProgress = opts.onProgress ?? (() => {});
  const target = engineTarget();
  if (target.from === 'DOCKER_HOST') {
    // An engine someone else runs (another host): use it, never start one in its place.
    const remote = engineClient(undefined, target);
    if (!(await pingOk(remote, 5000))) throw new EngineUnavailableError(`the engine DOCKER_HOST names (${process.env.DOCKER_HOST}) does not answer`);
    await engineInfo(remote);
    return remote;
  }
  const p = enginePaths();
  if (Buffer.byteLength(p.socket) > 107) {
    throw new EngineUnavailableError(`socket path is longer than 107 bytes: ${p.socket} (set LAYERLAB_DOCKER_SOCKET)`);
  }
  const docker = engineClient(p.socket);
  if (await pingOk(docker)) {
    await engineInfo(docker);
    // A local engine started by older code has the cgroup without the grades' CPU weight: set it now
    // (this function would start the engine on that socket too, so it is ours to configure).
    if (process.getuid?.() === 0) {
      try {
        ensureCgroupParent(onProgress);
      } catch (e) {
        onProgress(`WARNING: ${(e as Error).message}`);
      }
    }
    return docker;
  }
  if (process.getuid?.() !== 0) {
    throw new EngineUnavailableError(`the sandbox engine is not running on ${p.socket} and starting it needs root`);
  }
  if (!fs.existsSync(DOCKERD)) {
    throw new EngineUnavailableError(`${DOCKERD} is missing (run scripts/setup/system-packages.sh)`);
  }
  fs.mkdirSync(p.sandboxDir, { recursive: true });
  fs.mkdirSync(path.dirname(p.socket), { recursive: true });

  await withFileLock(
    p.lockFile,
    async () => {
      // Someone else may have started it while we waited for the lock.
      if (await pingOk(docker)) return;
      const running = ourDockerdPid(p);
      if (running !== undefined) {
        onProgress(`dockerd pid ${running} exists but does not answer; waiting up to 20s`);
        const until = Date.now() + 20_000;
        while (Date.now() < until) {
          if (await pingOk(docker)) return;
          if (!pidAlive(running)) break;
          await sleep(500);
        }
        if (await pingOk(docker)) return;
        onProgress(`stopping unresponsive dockerd pid ${running}`);
        await killAndWait(running, 10_000);
      }
      await clearStale(p, onProgress);
      ensureCgroupParent(onProgress);
      fs.mkdirSync(p.dataRoot, { recursive: true, mode: 0o710 });

      const first = await startDaemon(p, 'overlay2', onProgress);
      if (first.ok) return;
      onProgress(`overlay2 start failed (${first.reason}); falling back to the vfs storage driver`);
      await clearStale(p, onProgress);
      const second = await startDaemon(p, 'vfs', onProgress);
      if (second.ok) {
        onProgress('WARNING: sandbox engine runs on the slow vfs storage driver (overlay2 failed)');
        return;
      }
      throw new EngineUnavailableError(`cannot start the sandbox dockerd: ${second.reason}`);
    },
    { onWait: () => onProgress(`waiting for ${p.lockFile} (another process is starting the engine)`) },
  );

  if (!(await pingOk(docker))) {
    throw new EngineUnavailableError(`sandbox engine does not answer on ${p.socket} (log: ${p.logFile})`);
  }
  const info = await engineInfo(docker);
  onProgress(`engine ready: docker ${info.serverVersion}, storage ${info.storageDriver}, networks ${info.networks.join(',')}`);
  return docker;
}

export interface EngineInfo {
  serverVersion: string;
  apiVersion: string;
  storageDriver: string;
  dockerRootDir: string;
  cgroupVersion: string;
  securityOptions: string[];
  noNewPrivileges: boolean | undefined;
  networks: string[];
}

/**
 * Describe the engine and enforce the network rule: no network may use the bridge driver and
 * no-new-privileges must be on when the engine reports its security options.
 */
export async function engineInfo(docker: Docker): Promise<EngineInfo> {
  let info: Record<string, unknown>;
  let networks: Docker.NetworkInspectInfo[];
  let version: Docker.DockerVersion;
  try {
    [info, networks, version] = await Promise.all([docker.info(), docker.listNetworks(), docker.version()]);
  } catch (e) {
    throw new EngineUnavailableError(`sandbox engine does not answer its API: ${(e as Error).message}`);
  }
  const bridged = networks.filter((n) => n.Driver === 'bridge');
  if (bridged.length > 0) {
    throw new EngineUnavailableError(
      `sandbox engine violates the network rule: bridge network(s) ${bridged.map((n) => n.Name).join(', ')} exist`,
    );
  }
  const securityOptions = Array.isArray(info.SecurityOptions) ? (info.SecurityOptions as string[]) : [];
  // Docker 20.10 does not list no-new-privileges in SecurityOptions; when the engine is our own
  // dockerd, its command line is the next best observation.
  let noNewPrivileges: boolean | undefined = securityOptions.some((o) => /(^|name=)no-new-privileges\b/.test(o))
    ? true
    : undefined;
  if (noNewPrivileges === undefined) {
    const p = enginePaths();
    const socketPath = (docker.modem as unknown as { socketPath?: string }).socketPath;
    const pid = socketPath === p.socket ? ourDockerdPid(p) : undefined;
    if (pid !== undefined) noNewPrivileges = cmdline(pid).includes('--no-new-privileges');
  }
  if (noNewPrivileges === false) {
    throw new EngineUnavailableError('sandbox engine runs without --no-new-privileges');
  }
  return {
    serverVersion: String(info.ServerVersion ?? version.Version),
    apiVersion: version.ApiVersion,
    storageDriver: String(info.Driver ?? ''),
    dockerRootDir: String(info.DockerRootDir ?? ''),
    cgroupVersion: String(info.CgroupVersion ?? ''),
    securityOptions,
    noNewPrivileges,
    networks: networks.map((n) => `${n.Name}(${n.Driver})`),
  };
}

/** Lazily unmount whatever a dead daemon left mounted at or below these directories. */
function unmountLeftovers(dirs: string[], onProgress: (m: string) => void) {
  const mounts = fs
    .readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .map((l) => l.split(' ')[1]?.replace(/\\040/g, ' '))
    .filter((m): m is string => !!m && dirs.some((d) => m === d || m.startsWith(`${d}/`)))
    .sort((a, b) => b.length - a.length);
  for (const m of mounts) {
    try {
      execFileSync('umount', ['-l', m], { stdio: 'ignore' });
    } catch {
      onProgress(`could not unmount ${m}`);
    }
  }
}

/** Stop the sandbox dockerd (graceful, then SIGKILL) and clear its pidfile and socket. */
export async function stopEngine(opts: { onProgress?: (msg: string) => void } = {}): Promise<void> {
  const onProgress = opts.onProgress ?? (() => {});
  const p = enginePaths();
  if (!fs.existsSync(p.sandboxDir)) {
    onProgress('sandbox engine is not set up; nothing to stop');
    return;
  }
  await withFileLock(p.lockFile, async () => {
    const pid = ourDockerdPid(p);
    if (pid === undefined) {
      onProgress('sandbox dockerd is not running');
    } else {
      onProgress(`stopping dockerd pid ${pid}`);
      if (!(await killAndWait(pid, STOP_TIMEOUT_MS))) {
        throw new EngineUnavailableError(`dockerd pid ${pid} did not stop`);
      }
    }
    // A containerd left behind by a killed dockerd.
    const cpid = readPid(path.join(p.execRoot, 'containerd', 'containerd.pid'));
    if (cpid !== undefined && pidAlive(cpid) && cmdline(cpid).some((a) => a.includes(p.execRoot))) {
      onProgress(`stopping leftover containerd pid ${cpid}`);
      await killAndWait(cpid, 10_000);
    }
    fs.rmSync(p.pidfile, { force: true });
    fs.rmSync(p.socket, { force: true });
    unmountLeftovers([p.dataRoot, p.execRoot], onProgress);
    onProgress('sandbox engine stopped');
  });
}
