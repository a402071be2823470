/**
 * Offline base images for the sandbox engine. No registry is reachable, so every image a lab can
 * name in FROM is made here from Debian packages and imported through the Engine API:
 *
 * - layerlab/busybox:latest: Debian's busybox-static binary plus its applet links (~2 MB).
 * - layerlab/node:18: debootstrap'd Debian 12 minbase + Debian's nodejs (18.x) and npm, with an
 *   offline npm cache holding the whole dependency tree of offline-npm-packages.json.
 *
 * Each image carries the label layerlab.recipe=<sha256 of its recipe inputs>: a present image with
 * the same recipe is kept, a changed recipe rebuilds it. The finished node rootfs tarball is cached
 * under <data>/base-images/ so a fresh engine data-root re-imports it without debootstrap.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import tar from 'tar-stream';
import { dataDir } from '../../lib/env';
import { withFileLock } from './daemon';
import offlineNpm from './offline-npm-packages.json';

export const BASE_IMAGES = ['layerlab/busybox', 'layerlab/node:18'] as const;
export type BaseImage = (typeof BASE_IMAGES)[number];

/** Bump when the way an image is made changes (forces a rebuild everywhere). */
const BUSYBOX_RECIPE_VERSION = 1;
const NODE_RECIPE_VERSION = 1;

export const RECIPE_LABEL = 'layerlab.recipe';
export const NPM_CACHE_DIR = '/usr/local/share/npm-cache';
export const OFFLINE_NPM_PACKAGES: readonly string[] = offlineNpm.packages;

const STD_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const BUSYBOX_BIN = '/bin/busybox';
const DEBIAN_SUITE = 'bookworm';
const NODE_APT_PACKAGES = ['nodejs', 'npm', 'ca-certificates'];

type Progress = (msg: string) => void;

export interface EnsureBaseImagesOptions {
  onProgress?: Progress;
  /** Rebuild every image (and the cached rootfs) even when the recipe matches. */
  force?: boolean;
}

export function baseImagesDir(): string {
  return path.join(dataDir(), 'base-images');
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

// ---------------------------------------------------------------------------------------------
// Recipes

function nodeImageEnv(registry: string): string[] {
  return [
    `PATH=${STD_PATH}`,
    `npm_config_cache=${NPM_CACHE_DIR}`,
    'npm_config_offline=true',
    'npm_config_audit=false',
    'npm_config_fund=false',
    'npm_config_update_notifier=false',
    `npm_config_registry=${registry}`,
  ];
}

function busyboxRecipe(): { hash: string; binary: Buffer } {
  if (!fs.existsSync(BUSYBOX_BIN)) {
    throw new Error(`${BUSYBOX_BIN} is missing (install busybox-static: scripts/setup/system-packages.sh)`);
  }
  const binary = fs.readFileSync(BUSYBOX_BIN);
  const hash = sha256(JSON.stringify({ v: BUSYBOX_RECIPE_VERSION, busybox: sha256(binary), path: STD_PATH }));
  return { hash, binary };
}

/** Stage 1: Debian minbase + nodejs/npm (the slow part: ~3-5 min of Debian downloads). */
function nodeOsRecipe(): string {
  return sha256(
    JSON.stringify({ v: NODE_RECIPE_VERSION, suite: DEBIAN_SUITE, variant: 'minbase', apt: NODE_APT_PACKAGES }),
  );
}

/** The whole image: stage 1 + the offline npm cache + image config. */
function nodeRecipe(): string {
  return sha256(
    JSON.stringify({
      v: NODE_RECIPE_VERSION,
      os: nodeOsRecipe(),
      npm: OFFLINE_NPM_PACKAGES,
      env: nodeImageEnv('<host npm registry>'),
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Apt mirror (read from the host's apt sources at run time: no host name lives in the code)

/** First `deb` URI serving `suite` in deb822 (.sources) text. */
export function mirrorFromDeb822(text: string, suite = DEBIAN_SUITE): string | undefined {
  const stanzas = text
    .split(/\n\s*\n/)
    .map((s) => {
      const fields: Record<string, string> = {};
      let last = '';
      for (const raw of s.split('\n')) {
        if (/^\s*#/.test(raw) || !raw.trim()) continue;
        const m = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(raw);
        if (m) {
          last = m[1].toLowerCase();
          fields[last] = m[2].trim();
        } else if (last && /^\s/.test(raw)) {
          fields[last] += ` ${raw.trim()}`;
        }
      }
      return fields;
    })
    .filter((f) => (f.types ?? '').split(/\s+/).includes('deb') && (f.enabled ?? 'yes') !== 'no');
  const words = (v?: string) => (v ?? '').split(/\s+/).filter(Boolean);
  const hit = stanzas.find((f) => words(f.suites).includes(suite)) ?? undefined;
  return words(hit?.uris)[0];
}

/** First `deb` URI serving `suite` in one-line sources.list text. */
export function mirrorFromSourcesList(text: string, suite = DEBIAN_SUITE): string | undefined {
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    const m = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)/.exec(line);
    if (m && m[2] === suite) return m[1];
  }
  return undefined;
}

/** The Debian mirror apt already uses on this machine (for the suite debootstrap installs). */
export function aptMirror(): string {
  const candidates: { file: string; parse: (t: string) => string | undefined }[] = [];
  const dir = '/etc/apt/sources.list.d';
  if (fs.existsSync(dir)) {
    for (const f of fs.readdirSync(dir).sort()) {
      if (f.endsWith('.sources')) candidates.push({ file: path.join(dir, f), parse: (t) => mirrorFromDeb822(t) });
      else if (f.endsWith('.list')) candidates.push({ file: path.join(dir, f), parse: (t) => mirrorFromSourcesList(t) });
    }
  }
  candidates.unshift({ file: path.join(dir, 'debian.sources'), parse: (t) => mirrorFromDeb822(t) });
  candidates.push({ file: '/etc/apt/sources.list', parse: (t) => mirrorFromSourcesList(t) });
  for (const c of candidates) {
    try {
      const uri = c.parse(fs.readFileSync(c.file, 'utf8'));
      if (uri) return uri;
    } catch {
      /* missing or unreadable: next */
    }
  }
  throw new Error(`no apt source for Debian ${DEBIAN_SUITE} found in /etc/apt/sources.list{,.d/}`);
}

// ---------------------------------------------------------------------------------------------
// Helpers

interface RunOpts {
  cwd?: string;
  env?: Record<string, string | undefined>;
  log: string;
  capture?: boolean;
}

/** Run a host command, appending its output to a log file; reject with the last lines on failure. */
function run(cmd: string, args: string[], opts: RunOpts): Promise<string> {
  return new Promise((resolve, reject) => {
    fs.appendFileSync(opts.log, `\n$ ${cmd} ${args.join(' ')}\n`);
    const child = spawn(cmd, args, { cwd: opts.cwd, env: (opts.env ?? process.env) as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let tail = '';
    const onData = (d: Buffer, isOut: boolean) => {
      fs.appendFileSync(opts.log, d);
      if (isOut && opts.capture) out += d.toString();
      tail = (tail + d.toString()).slice(-4000);
    };
    child.stdout.on('data', (d: Buffer) => onData(d, true));
    child.stderr.on('data', (d: Buffer) => onData(d, false));
    child.on('error', (e) => reject(new Error(`${cmd}: ${e.message}`)));
    child.on('close', (code, sig) => {
      if (code === 0) return resolve(out);
      const last = tail.trim().split('\n').slice(-3).join(' | ');
      reject(new Error(`${cmd} ${args.slice(0, 3).join(' ')}... failed (${sig ?? `exit ${code}`}): ${last} (log: ${opts.log})`));
    });
  });
}

/** Wait for an Engine API progress stream; reject on an error message inside it. */
function followProgress(docker: Docker, stream: NodeJS.ReadableStream): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    docker.modem.followProgress(stream, (err: Error | null, output: unknown[]) => {
      if (err) return reject(err);
      const bad = (output ?? []).find((o) => o && typeof o === 'object' && ('error' in o || 'errorDetail' in o)) as
        | { error?: string; errorDetail?: { message?: string } }
        | undefined;
      if (bad) return reject(new Error(bad.error ?? bad.errorDetail?.message ?? 'engine reported an error'));
      resolve(output);
    });
  });
}

async function imageRecipe(docker: Docker, ref: string): Promise<{ id: string; recipe?: string } | undefined> {
  try {
    const info = await docker.getImage(ref).inspect();
    return { id: info.Id, recipe: info.Config?.Labels?.[RECIPE_LABEL] };
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 404) return undefined;
    throw e;
  }
}

function splitRef(ref: string): { repo: string; tag: string } {
  const i = ref.lastIndexOf(':');
  return i > ref.lastIndexOf('/') ? { repo: ref.slice(0, i), tag: ref.slice(i + 1) } : { repo: ref, tag: 'latest' };
}

async function importTar(
  docker: Docker,
  ref: string,
  source: string | Readable,
  changes: string[],
  previousId: string | undefined,
  onProgress: Progress,
): Promise<void> {
  const { repo, tag } = splitRef(ref);
  const stream = await docker.importImage(source as NodeJS.ReadableStream, {
    repo,
    tag,
    changes,
    message: 'layerlab offline base image',
  });
  await followProgress(docker, stream);
  const now = await imageRecipe(docker, ref);
  if (!now) throw new Error(`import of ${ref} finished but the image is missing`);
  const info = await docker.getImage(ref).inspect();
  onProgress(`${ref}: imported ${info.Id.slice(7, 19)} (${(info.Size / 1e6).toFixed(1)} MB)`);
  if (previousId && previousId !== now.id) {
    await docker
      .getImage(previousId)
      .remove()
      .catch(() => {});
  }
}

/** Unmount everything mounted at or below dir (deepest first). */
async function unmountUnder(dir: string, log: string) {
  const real = fs.existsSync(dir) ? fs.realpathSync(dir) : dir;
  const mounts = fs
    .readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .map((l) => l.split(' ')[1]?.replace(/\\040/g, ' '))
    .filter((m): m is string => !!m && (m === real || m.startsWith(`${real}/`)))
    .sort((a, b) => b.length - a.length);
  for (const m of mounts) await run('umount', ['-l', m], { log }).catch(() => {});
}

async function removeTree(dir: string, log: string) {
  if (!fs.existsSync(dir)) return;
  await unmountUnder(dir, log);
  await run('rm', ['-rf', '--one-file-system', dir], { log });
}

/** Environment for child npm runs: nothing inherited from an outer `npm run` (its prefix etc.). */
function cleanNpmEnv(): Record<string, string | undefined> {
  const e: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^npm_(config|package|lifecycle)_/i.test(k) || k === 'INIT_CWD') continue;
    e[k] = v;
  }
  return e;
}

// ---------------------------------------------------------------------------------------------
// layerlab/busybox

function busyboxTar(binary: Buffer): Readable {
  const pack = tar.pack();
  const mtime = new Date(0);
  const dirs = ['bin', 'sbin', 'usr', 'usr/bin', 'usr/sbin', 'etc', 'root', 'home', 'var', 'dev', 'proc', 'sys', 'run'];
  for (const d of dirs) pack.entry({ name: d, type: 'directory', mode: d === 'root' ? 0o700 : 0o755, mtime });
  pack.entry({ name: 'tmp', type: 'directory', mode: 0o1777, mtime });
  pack.entry({ name: 'var/tmp', type: 'directory', mode: 0o1777, mtime });
  pack.entry({ name: 'bin/busybox', mode: 0o755, mtime }, binary);
  const etc: Record<string, string> = {
    'etc/passwd': 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n',
    'etc/group': 'root:x:0:\nnogroup:x:65534:\n',
  };
  for (const [name, text] of Object.entries(etc)) pack.entry({ name, mode: 0o644, mtime }, text);

  // Applet links, from the binary's own list (bin/sh among them).
  const list = execFileSync(BUSYBOX_BIN, ['--list-full'], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && l.includes('/') && l !== 'bin/busybox');
  if (!list.includes('bin/sh')) throw new Error(`${BUSYBOX_BIN} --list-full has no bin/sh`);
  for (const applet of list) pack.entry({ name: applet, type: 'symlink', linkname: '/bin/busybox', mode: 0o777, mtime });
  pack.finalize();
  return pack as unknown as Readable;
}

async function ensureBusybox(docker: Docker, force: boolean, onProgress: Progress) {
  const ref = 'layerlab/busybox:latest';
  const { hash, binary } = busyboxRecipe();
  const present = await imageRecipe(docker, ref);
  if (!force && present?.recipe === hash) {
    onProgress(`${ref}: up to date`);
    return;
  }
  onProgress(`${ref}: ${force ? 'forced rebuild' : present ? 'recipe changed, rebuilding' : 'building'} from ${BUSYBOX_BIN}`);
  await importTar(
    docker,
    ref,
    busyboxTar(binary),
    [`ENV PATH=${STD_PATH}`, 'CMD ["sh"]', `LABEL ${RECIPE_LABEL}=${hash}`],
    present?.id,
    onProgress,
  );
}

// ---------------------------------------------------------------------------------------------
// layerlab/node:18

async function hostNpmRegistry(): Promise<string> {
  const out = await new Promise<string>((resolve) => {
    const c = spawn('npm', ['config', 'get', 'registry'], { env: cleanNpmEnv() as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'ignore'] });
    let s = '';
    c.stdout.on('data', (d: Buffer) => (s += d.toString()));
    c.on('error', () => resolve(''));
    c.on('close', () => resolve(s.trim()));
  });
  const reg = out.trim() || 'https://registry.npmjs.org/';
  return reg.endsWith('/') ? reg : `${reg}/`;
}

/**
 * Resolve the full dependency tree of OFFLINE_NPM_PACKAGES on the host and put every package
 * (transitive ones too) into an npm cache at cacheDir.
 */
async function buildNpmCache(workDir: string, cacheDir: string, registry: string, log: string, onProgress: Progress) {
  const proj = path.join(workDir, 'npm-resolve');
  fs.mkdirSync(proj, { recursive: true });
  fs.writeFileSync(
    path.join(proj, 'package.json'),
    JSON.stringify({ name: 'layerlab-offline-cache', version: '1.0.0', private: true }, null, 2),
  );
  const env = cleanNpmEnv();
  const common = [`--cache=${cacheDir}`, `--registry=${registry}`, '--no-audit', '--no-fund', '--update-notifier=false'];
  onProgress(`npm: resolving ${OFFLINE_NPM_PACKAGES.join(' ')}`);
  await run('npm', ['install', '--package-lock-only', '--ignore-scripts', ...common, ...OFFLINE_NPM_PACKAGES], {
    cwd: proj,
    env,
    log,
  });
  const lock = JSON.parse(fs.readFileSync(path.join(proj, 'package-lock.json'), 'utf8')) as {
    packages?: Record<string, { name?: string; version?: string; link?: boolean }>;
  };
  const specs = new Set<string>();
  for (const [key, entry] of Object.entries(lock.packages ?? {})) {
    if (!key || entry.link || !entry.version) continue;
    const name = entry.name ?? key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
    specs.add(`${name}@${entry.version}`);
  }
  if (specs.size === 0) throw new Error('npm resolved no packages for the offline cache');
  onProgress(`npm: caching ${specs.size} packages (whole dependency tree)`);
  const all = [...specs].sort();
  for (let i = 0; i < all.length; i += 100) {
    await run('npm', ['cache', 'add', ...common, ...all.slice(i, i + 100)], { cwd: proj, env, log });
  }
  // Keep the resolved lock next to the cache: useful to see what exactly is offline-installable.
  fs.copyFileSync(path.join(proj, 'package-lock.json'), path.join(cacheDir, 'layerlab-offline-lock.json'));
}

/** Environment of every command run inside the node rootfs chroot (and of debootstrap). */
const CHROOT_ENV = {
  PATH: STD_PATH,
  HOME: '/root',
  LANG: 'C.UTF-8',
  DEBIAN_FRONTEND: 'noninteractive',
  DEBCONF_NONINTERACTIVE_SEEN: 'true',
};

/** Caches, docs and logs emptied from the node rootfs: the image carries none of them (apt's `lists/partial` dir is kept). */
const ROOTFS_STRIP_DIRS = [
  'var/lib/apt/lists',
  'var/cache/apt',
  'var/cache/debconf',
  'usr/share/doc',
  'usr/share/man',
  'usr/share/info',
  'usr/share/locale',
  'var/log',
  'tmp',
  'root/.npm',
];

/** Seconds since `t` (a Date.now() value), for progress lines. */
const secondsSince = (t: number) => ((Date.now() - t) / 1000).toFixed(0);

/** Stage 1 tarball: debootstrap'd Debian 12 minbase with nodejs and npm, stripped. */
async function buildNodeOsTar(tarPath: string, onProgress: Progress) {
  const dir = baseImagesDir();
  const work = path.join(dir, `work-node-18`);
  const log = path.join(dir, 'build-node-18.log');
  fs.writeFileSync(log, `layerlab/node:18 rootfs build ${new Date().toISOString()}\n`);
  for (const tool of ['/usr/sbin/debootstrap', '/usr/sbin/chroot']) {
    if (!fs.existsSync(tool)) throw new Error(`${tool} is missing (run scripts/setup/system-packages.sh)`);
  }
  await removeTree(work, log);
  const rootfs = path.join(work, 'rootfs');
  fs.mkdirSync(rootfs, { recursive: true });
  const mirror = aptMirror();
  try {
    await debootstrapRootfs(rootfs, mirror, log, onProgress);
    await installNodeInRootfs(rootfs, log, onProgress);
    await unmountUnder(rootfs, log);
    stripRootfs(rootfs);
    await packRootfs(rootfs, tarPath, log, onProgress);
  } finally {
    await unmountUnder(rootfs, log);
    // Deleting ~35k files is slow on this disk (tens of seconds): move the tree aside and let the
    // caller delete it while the image is imported.
    if (fs.existsSync(work)) {
      const trash = path.join(dir, `trash-${process.pid}-${Date.now()}`);
      fs.renameSync(work, trash);
      trashDirs.push(trash);
    }
  }
}

/**
 * `debootstrap --variant=minbase` of DEBIAN_SUITE into `rootfs` from `mirror` (aptMirror), then
 * readies it for apt inside a chroot: no service may start (policy-rc.d), the host's resolv.conf,
 * /proc mounted (the caller unmounts it). Command output goes to the `log` file.
 */
async function debootstrapRootfs(rootfs: string, mirror: string, log: string, onProgress: Progress): Promise<void> {
  const t = Date.now();
  onProgress(`node:18: debootstrap --variant=minbase ${DEBIAN_SUITE} (mirror from apt sources; ~35 s)`);
  await run('debootstrap', ['--variant=minbase', DEBIAN_SUITE, rootfs, mirror], { env: CHROOT_ENV, log });
  onProgress(`node:18: debootstrap done in ${secondsSince(t)} s`);
  fs.writeFileSync(path.join(rootfs, 'usr/sbin/policy-rc.d'), '#!/bin/sh\nexit 101\n', { mode: 0o755 });
  fs.copyFileSync('/etc/resolv.conf', path.join(rootfs, 'etc/resolv.conf'));
  await run('mount', ['-t', 'proc', 'proc', path.join(rootfs, 'proc')], { log });
}

/**
 * In the chroot: `apt-get install` of NODE_APT_PACKAGES (Debian's nodejs 18 and npm; throws unless
 * `node --version` says v18), a non-root user `node` (uid/gid 1000, like the official image's), then
 * `apt-get clean`.
 */
async function installNodeInRootfs(rootfs: string, log: string, onProgress: Progress): Promise<void> {
  const inChroot = (args: string[], capture = false) => run('chroot', [rootfs, ...args], { env: CHROOT_ENV, log, capture });
  const t = Date.now();
  onProgress(`node:18: apt-get install ${NODE_APT_PACKAGES.join(' ')} in the chroot (~60 s)`);
  await inChroot(['apt-get', 'update']);
  await inChroot(['apt-get', 'install', '-y', '--no-install-recommends', ...NODE_APT_PACKAGES]);
  const nodeVersion = (await inChroot(['node', '--version'], true)).trim();
  const npmVersion = (await inChroot(['npm', '--version'], true)).trim();
  if (!nodeVersion.startsWith('v18.')) throw new Error(`expected Node 18 in the rootfs, got ${nodeVersion}`);
  onProgress(`node:18: node ${nodeVersion}, npm ${npmVersion} installed in ${secondsSince(t)} s`);
  await inChroot(['groupadd', '--gid', '1000', 'node']);
  await inChroot(['useradd', '--uid', '1000', '--gid', 'node', '--shell', '/bin/bash', '--create-home', 'node']);
  await inChroot(['apt-get', 'clean']);
}

/** Empties ROOTFS_STRIP_DIRS and the build-time resolv.conf of an unmounted rootfs. */
function stripRootfs(rootfs: string): void {
  for (const rel of ROOTFS_STRIP_DIRS) {
    const p = path.join(rootfs, rel);
    if (!fs.existsSync(p)) continue;
    for (const child of fs.readdirSync(p)) {
      if (rel === 'var/lib/apt/lists' && child === 'partial') continue;
      fs.rmSync(path.join(p, child), { recursive: true, force: true });
    }
  }
  fs.writeFileSync(path.join(rootfs, 'etc/resolv.conf'), '');
}

/**
 * `tar --numeric-owner` of the rootfs (without the contents of /dev, /proc, /sys, /run) to
 * `tarPath`, written as `<tarPath>.partial` and renamed, so a crash never leaves a half tarball.
 */
async function packRootfs(rootfs: string, tarPath: string, log: string, onProgress: Progress): Promise<void> {
  const t = Date.now();
  onProgress('node:18: packing the OS rootfs tarball');
  const partial = `${tarPath}.partial`;
  const excludes = ['./dev/*', './proc/*', './sys/*', './run/*'].map((p) => `--exclude=${p}`);
  await run('tar', ['--numeric-owner', '-C', rootfs, ...excludes, '-cf', partial, '.'], { log });
  fs.renameSync(partial, tarPath);
  onProgress(`node:18: OS rootfs tarball ${(fs.statSync(tarPath).size / 1e6).toFixed(0)} MB in ${secondsSince(t)} s`);
}

/**
 * Stage 2: a copy of the stage-1 tarball with the offline npm cache appended (tar -r), so a
 * changed package list takes seconds, not a new debootstrap.
 */
async function buildNodeFinalTar(osTar: string, tarPath: string, registry: string, onProgress: Progress) {
  const dir = baseImagesDir();
  const work = path.join(dir, 'work-npm-cache');
  const log = path.join(dir, 'build-node-18.log');
  fs.appendFileSync(log, `\nnpm cache stage ${new Date().toISOString()}\n`);
  await removeTree(work, log);
  fs.mkdirSync(work, { recursive: true });
  const t = Date.now();
  try {
    const cacheDir = path.join(work, 'npm-cache');
    await buildNpmCache(work, cacheDir, registry, log, onProgress);
    const stage = path.join(work, 'stage');
    const rel = NPM_CACHE_DIR.replace(/^\//, '');
    const target = path.join(stage, rel);
    fs.mkdirSync(target, { recursive: true });
    fs.renameSync(path.join(cacheDir, '_cacache'), path.join(target, '_cacache'));
    fs.copyFileSync(path.join(cacheDir, 'layerlab-offline-lock.json'), path.join(target, 'layerlab-offline-lock.json'));
    // Any user may use (and extend) the cache inside a build.
    await run('chmod', ['-R', 'a+rwX', target], { log });
    const partial = `${tarPath}.partial`;
    fs.copyFileSync(osTar, partial);
    await run('tar', ['--numeric-owner', '--owner=0', '--group=0', '-C', stage, '-rf', partial, `./${rel}`], { log });
    fs.renameSync(partial, tarPath);
    onProgress(
      `node:18: offline npm cache added in ${((Date.now() - t) / 1000).toFixed(0)} s (tarball ${(fs.statSync(tarPath).size / 1e6).toFixed(0)} MB)`,
    );
  } finally {
    await removeTree(work, log).catch(() => {});
  }
}

/** Work trees waiting to be deleted (see buildNodeOsTar). */
const trashDirs: string[] = [];

async function emptyTrash(log: string) {
  const dir = baseImagesDir();
  for (const f of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    const p = path.join(dir, f);
    if (f.startsWith('trash-') && !trashDirs.includes(p)) trashDirs.push(p);
  }
  while (trashDirs.length) await removeTree(trashDirs.pop()!, log).catch(() => {});
}

async function ensureNode(docker: Docker, force: boolean, onProgress: Progress) {
  const ref = 'layerlab/node:18';
  const hash = nodeRecipe();
  const present = await imageRecipe(docker, ref);
  if (!force && present?.recipe === hash) {
    onProgress(`${ref}: up to date`);
    return;
  }
  const dir = baseImagesDir();
  const osTar = path.join(dir, `node-18-os-${nodeOsRecipe().slice(0, 16)}.tar`);
  const tarPath = path.join(dir, `node-18-${hash.slice(0, 16)}.tar`);
  const metaPath = `${tarPath}.json`;
  if (force || !fs.existsSync(tarPath) || !fs.existsSync(metaPath)) {
    onProgress(`${ref}: ${force ? 'forced rebuild of' : present ? 'recipe changed, rebuilding' : 'building'} the rootfs`);
    if (force || !fs.existsSync(osTar)) await buildNodeOsTar(osTar, onProgress);
    else onProgress(`node:18: reusing the cached OS rootfs ${path.basename(osTar)}`);
    // The registry the cache was filled from is baked into the image (npm cache keys are URLs).
    const registry = await hostNpmRegistry();
    fs.rmSync(metaPath, { force: true });
    await buildNodeFinalTar(osTar, tarPath, registry, onProgress);
    fs.writeFileSync(metaPath, JSON.stringify({ recipe: hash, registry, packages: OFFLINE_NPM_PACKAGES }, null, 2));
  } else {
    onProgress(`${ref}: re-importing the cached rootfs ${path.basename(tarPath)}`);
  }
  const { registry } = JSON.parse(fs.readFileSync(metaPath, 'utf8')) as { registry: string };
  const t = Date.now();
  const trash = emptyTrash(path.join(dir, 'build-node-18.log'));
  await importTar(
    docker,
    ref,
    tarPath,
    [
      ...nodeImageEnv(registry).map((e) => `ENV ${e}`),
      'CMD ["node"]',
      `LABEL ${RECIPE_LABEL}=${hash}`,
    ],
    present?.id,
    onProgress,
  );
  onProgress(`${ref}: import took ${((Date.now() - t) / 1000).toFixed(0)} s`);
  await trash;
  // Cached tarballs of older recipes are dead weight.
  for (const f of fs.readdirSync(dir)) {
    const keep = [path.basename(tarPath), `${path.basename(tarPath)}.json`, path.basename(osTar)];
    if (/^node-18-(os-)?[0-9a-f]{16}\.tar(\.partial|\.json)?$/.test(f) && !keep.includes(f)) {
      fs.rmSync(path.join(dir, f), { force: true });
    }
  }
}

/**
 * Make sure every image in BASE_IMAGES exists in the engine with its current recipe, building
 * missing or outdated ones offline. Fast (a couple of inspects) when all are up to date.
 */
export async function ensureBaseImages(docker: Docker, opts: EnsureBaseImagesOptions = {}): Promise<void> {
  const onProgress = opts.onProgress ?? (() => {});
  const force = opts.force ?? false;
  if (!force) {
    const [bb, node] = await Promise.all([
      imageRecipe(docker, 'layerlab/busybox:latest'),
      imageRecipe(docker, 'layerlab/node:18'),
    ]);
    if (bb?.recipe === busyboxRecipe().hash && node?.recipe === nodeRecipe()) {
      onProgress(`base images up to date: ${BASE_IMAGES.join(', ')}`);
      return;
    }
  }
  const dir = baseImagesDir();
  fs.mkdirSync(dir, { recursive: true });
  await withFileLock(
    path.join(dir, 'build.lock'),
    async () => {
      await ensureBusybox(docker, force, onProgress);
      await ensureNode(docker, force, onProgress);
    },
    { timeoutMs: 30 * 60_000, onWait: () => onProgress('waiting for another process building the base images') },
  );
}
