/**
 * Start-up (and periodic) sweep of what dead grades left in the sandbox engine: containers, tags,
 * intermediate images and cgroups. Several workers, the CLI and tests may share one engine, so only
 * what is PROVABLY dead is removed:
 *  - a grade started by a worker on this host (its nonce says which host and pid, see workerGradeId)
 *    whose process is gone;
 *  - anything older than `maxAgeMs` (longer than any grade may run), via sweepStaleGrades.
 * A grade of a live process, or an unknown (CLI/test) grade younger than that, is never touched.
 */
import { randomBytes, createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GRADE_TAG_PREFIX, listGradeLeftovers, removeContainer, removeGradeImages, sweepStaleGrades } from '../engine/cleanup';
import type { EngineClient } from '../engine/client';
import { CONTAINER_LABEL } from '../engine/containers';
import { CGROUP_PARENT } from '../engine/daemon';
import { pidAlive } from '../../lib/pid';

/** Short, stable tag of this host, as it appears in worker grade ids. */
export function hostTag(host = os.hostname()): string {
  return createHash('sha256').update(host).digest('hex').slice(0, 6);
}

/** A worker's grade nonce: `w<host>-<pid base36>-<random>`; [a-z0-9-] (tags, labels, cgroups). */
export function workerGradeId(pid = process.pid, host = os.hostname()): string {
  return `w${hostTag(host)}-${pid.toString(36)}-${randomBytes(4).toString('hex')}`;
}

/** The owner (host tag, pid) a worker grade id encodes; null for any other id (a CLI or test grade). */
export function parseWorkerGradeId(id: string): { host: string; pid: number } | null {
  const m = /^w([0-9a-f]{6})-([0-9a-z]+)-[0-9a-f]{8}$/.exec(id);
  return m ? { host: m[1], pid: Number.parseInt(m[2], 36) } : null;
}


/** True when the grade's owner is provably gone: a worker of this host whose pid is not alive. */
export function ownerIsDead(gradeId: string, host = os.hostname()): boolean {
  const owner = parseWorkerGradeId(gradeId);
  return !!owner && owner.host === hostTag(host) && !pidAlive(owner.pid);
}

/** `layerlab-grade-<nonce>[-base]:<x>` → nonce. */
export function nonceOfTag(tag: string): string | undefined {
  if (!tag.startsWith(GRADE_TAG_PREFIX)) return undefined;
  const repo = tag.slice(GRADE_TAG_PREFIX.length).split(':')[0];
  return repo.replace(/-base$/, '') || undefined;
}

const CGROUP_ROOT = '/sys/fs/cgroup';

function gradeCgroupDirs(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let hierarchies: string[] = [];
  try {
    hierarchies = fs.readdirSync(CGROUP_ROOT);
  } catch {
    return out;
  }
  for (const h of hierarchies) {
    const parent = path.join(CGROUP_ROOT, h, CGROUP_PARENT);
    let names: string[] = [];
    try {
      names = fs.readdirSync(parent).filter((n) => n.startsWith('grade-'));
    } catch {
      continue;
    }
    for (const n of names) {
      const nonce = n.slice('grade-'.length);
      out.set(nonce, [...(out.get(nonce) ?? []), path.join(parent, n)]);
    }
  }
  return out;
}

function removeCgroupDir(dir: string): boolean {
  try {
    for (const child of fs.readdirSync(dir, { withFileTypes: true })) {
      if (child.isDirectory()) removeCgroupDir(path.join(dir, child.name));
    }
    fs.rmdirSync(dir);
    return true;
  } catch {
    return !fs.existsSync(dir);
  }
}

export interface SweepResult {
  deadGrades: string[];
  containers: number;
  images: number;
  cgroups: number;
  /** From the age rule (sweepStaleGrades). */
  stale: { containers: number; tags: number };
}

/**
 * Removes the containers, images (tags and untagged build chains) and cgroups of every grade whose
 * owner is provably dead (ownerIsDead), then, with `maxAgeMs`, whatever any grade left that is older
 * (sweepStaleGrades). What could not be removed is logged, never thrown; an engine that does not
 * answer the listing rejects.
 */
export async function sweepDeadGrades(docker: EngineClient, opts: { maxAgeMs?: number; log?: (m: string) => void } = {}): Promise<SweepResult> {
  const log = opts.log ?? (() => {});
  const res: SweepResult = { deadGrades: [], containers: 0, images: 0, cgroups: 0, stale: { containers: 0, tags: 0 } };

  const { containers, images } = await listGradeLeftovers(docker);
  const cgroups = gradeCgroupDirs();

  const nonces = new Set<string>();
  for (const c of containers) if (c.Labels?.[CONTAINER_LABEL]) nonces.add(c.Labels[CONTAINER_LABEL]);
  for (const img of images) {
    for (const t of img.RepoTags ?? []) {
      const n = nonceOfTag(t);
      if (n) nonces.add(n);
    }
    const label = img.Labels?.[CONTAINER_LABEL];
    if (label) nonces.add(label);
  }
  for (const n of cgroups.keys()) nonces.add(n);

  for (const nonce of nonces) {
    if (!ownerIsDead(nonce)) continue;
    res.deadGrades.push(nonce);
    for (const c of containers.filter((x) => x.Labels?.[CONTAINER_LABEL] === nonce)) {
      if (await removeContainer(docker, c.Id)) res.containers++;
    }
    const mine = images.filter((i) => (i.RepoTags ?? []).some((t) => nonceOfTag(t) === nonce) || i.Labels?.[CONTAINER_LABEL] === nonce);
    const tags = mine
      .flatMap((i) => (i.RepoTags ?? []).filter((t) => nonceOfTag(t) === nonce))
      // The grade's base copies are the parents of its other images: remove them last.
      .sort((a, b) => Number(a.includes('-base:')) - Number(b.includes('-base:')));
    // Untagged images of the grade (dangling build chains), oldest first: removeGradeImages goes newest first.
    const untagged = mine
      .filter((i) => !(i.RepoTags ?? []).some((t) => t !== '<none>:<none>'))
      .sort((a, b) => a.Created - b.Created)
      .map((i) => i.Id);
    const problems = await removeGradeImages(docker, tags, untagged, 0);
    res.images += mine.length;
    if (problems.length) log(`sweep of grade ${nonce} left: ${problems.join('; ')}`);
    for (const dir of cgroups.get(nonce) ?? []) if (removeCgroupDir(dir)) res.cgroups++;
  }
  if (opts.maxAgeMs !== undefined) res.stale = await sweepStaleGrades(docker, opts.maxAgeMs);
  if (res.deadGrades.length || res.stale.containers || res.stale.tags) {
    log(`swept ${res.deadGrades.length} dead grade(s) (${res.containers} containers, ${res.images} images, ${res.cgroups} cgroups), ` +
      `${res.stale.containers + res.stale.tags} stale leftovers`);
  }
  return res;
}
