/**
 * Engine text as students may read it: every message of the sandbox engine (build stream, build
 * errors, container start errors) passes through `scrubHostPaths` where it enters the grader
 * (engine/build-stream.ts, engine/build.ts, engine/containers.ts), so no feedback, log excerpt or
 * report shows a path of the grading host.
 *
 * The engine names host paths in some errors, e.g. `read <data-root>/tmp/docker-builder123/Dockerfile:
 * is a directory` or `lstat <data-root>/overlay2/<id>/merged/bin/busybox/x: not a directory`. They
 * are replaced by neutral words: the build context's temporary folder by `<build context>`, a
 * container's root file system by `<image>` (the rest of the path is the path inside the image), any
 * other place of the engine by `<engine>`, the data directory by `<data dir>` and the project by
 * `<project>`. Paths inside images and containers (`/app/src`) are left alone.
 */
import path from 'node:path';
import { dataDir, projectRoot } from '../../lib/env';
import { enginePaths } from './daemon';

interface Rule {
  re: RegExp;
  to: string;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A path prefix followed by the end of the path (so `/work/main` never matches `/work/mainly`). */
const under = (dir: string) => `${escape(dir.replace(/\/+$/, ''))}(?=[/\\s:"'\`)\\],]|$)`;

/** Engine paths whatever its data root (default engines keep them under /var/lib/docker). */
const GENERIC_RULES: Rule[] = [
  // The classic builder unpacks each build context into <data-root>/tmp/docker-builder<digits>.
  { re: /(?:\/[^\s:"'`]+)?\/docker-builder\d+/g, to: '<build context>' },
  // A container's root file system: what follows is the path inside the image.
  { re: /(?:\/[^\s:"'`]+)?\/(?:overlay2|aufs|vfs\/dir|btrfs\/subvolumes)\/[0-9a-f]{64}(?:-init)?\/(?:merged|diff)(?=\/)/g, to: '<image>' },
  { re: /(?:\/[^\s:"'`]+)?\/(?:overlay2|aufs|vfs\/dir|btrfs\/subvolumes)\/[0-9a-f]{64}(?:-init)?(?:\/(?:merged|diff|work))?/g, to: '<engine>' },
  // overlay2's short layer links (`lowerdir=…/overlay2/l/<26 characters>` in /proc/self/mountinfo)
  // and a container's own folder (`…/containers/<id>/resolv.conf`, its hosts and hostname files).
  { re: /(?:\/[^\s:"'`]+)?\/overlay2\/l\/[A-Z0-9]{26}/g, to: '<engine>' },
  { re: /(?:\/[^\s:"'`]+)?\/containers\/[0-9a-f]{64}(?:\/[^\s:"'`]*)?/g, to: '<engine>' },
  { re: /\/var\/lib\/(?:docker|containerd)(?:\/[^\s:"'`]*)?/g, to: '<engine>' },
  { re: /\/run\/(?:docker|containerd|layerlab-[0-9a-f]+)(?:\/[^\s:"'`]*)?/g, to: '<engine>' },
];

let hostRules: Rule[] | undefined;
/** Engine folders learnt from the engine itself (`docker info` DockerRootDir): it may be another checkout's. */
const reportedRoots = new Set<string>();

/**
 * Add the data root the engine in use reports (`(await docker.info()).DockerRootDir`): the engine
 * behind LAYERLAB_DOCKER_SOCKET need not be this checkout's, and a RUN can print its paths
 * (`cat /proc/self/mountinfo`). Everything under it becomes `<engine>`.
 */
export function addEngineRoot(dir: string | undefined): void {
  if (!dir || dir.length < 2 || reportedRoots.has(dir)) return;
  reportedRoots.add(dir);
  hostRules = undefined;
}

/**
 * Rules for this host's directories, longest first (computed once: they never change in a process).
 * An engine path is replaced whole (what follows is engine-internal); under the data directory or the
 * project, the relative rest of the path is kept (`<project>/labs/x`).
 */
function hostPathRules(): Rule[] {
  if (hostRules) return hostRules;
  const rules: { dir: string; to: string; whole: boolean }[] = [...reportedRoots].map((dir) => ({ dir, to: '<engine>', whole: true }));
  try {
    const p = enginePaths();
    for (const dir of [p.dataRoot, p.execRoot, p.sandboxDir]) rules.push({ dir, to: '<engine>', whole: true });
  } catch {
    /* no engine paths (environment not readable): the generic rules still apply */
  }
  try {
    rules.push({ dir: dataDir(), to: '<data dir>', whole: false });
  } catch {
    /* see above */
  }
  rules.push({ dir: path.resolve(projectRoot), to: '<project>', whole: false });
  hostRules = rules
    .filter((r) => r.dir.length > 1)
    .sort((a, b) => b.dir.length - a.dir.length)
    .map((r) => ({ re: new RegExp(`${under(r.dir)}${r.whole ? '(?:/[^\\s:"\'`]*)?' : ''}`, 'g'), to: r.to }));
  return hostRules;
}

/** `text` with every host path replaced by a neutral word (pure apart from reading this host's directories once). */
export function scrubHostPaths(text: string): string {
  if (!text.includes('/')) return text;
  let out = text;
  for (const r of GENERIC_RULES) out = out.replace(r.re, r.to);
  for (const r of hostPathRules()) out = out.replace(r.re, r.to);
  return out;
}
