/**
 * Per-grade cgroup below the sandbox's build cgroup (CGROUP_PARENT, made by the engine):
 * every build step and check container of one grade runs in `/layerlab-builds/grade-<nonce>`, whose
 * pids.max caps that grade alone (the parent caps all grades together).
 * cgroup v1 only; elsewhere (or when the parent is missing) the caller omits `cgroupparent`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CGROUP_PARENT } from './daemon';

const ROOT = '/sys/fs/cgroup';

export interface GradeCgroup {
  /** Value for the build's `cgroupparent` / HostConfig.CgroupParent; undefined: omit it. */
  parent?: string;
  /**
   * Remove the grade's cgroup directories (best effort). Right after an aborted build the daemon is
   * still tearing its container down (about a second), so this retries for a few seconds while a
   * directory is busy.
   */
  cleanup(): Promise<void>;
}

export function createGradeCgroup(nonce: string, pidsMax = 256): GradeCgroup {
  const name = `grade-${nonce}`;
  const pidsParent = path.join(ROOT, 'pids', CGROUP_PARENT);
  const isV1 = !fs.existsSync(path.join(ROOT, 'cgroup.controllers'));
  if (!isV1 || !fs.existsSync(pidsParent)) return { parent: undefined, cleanup: async () => {} };
  try {
    const dir = path.join(pidsParent, name);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'pids.max'), String(pidsMax));
  } catch {
    return { parent: undefined, cleanup: async () => {} };
  }
  const parent = path.posix.join(CGROUP_PARENT, name);
  return {
    parent,
    cleanup: async () => {
      for (let attempt = 0; attempt < 12; attempt++) {
        if (removeAll(name)) return;
        await new Promise((r) => setTimeout(r, 500));
      }
    },
  };
}

/** rmdir the grade's cgroup in every hierarchy (runc creates it in cpu, memory, systemd, …); true when all are gone. */
function removeAll(name: string): boolean {
  let hierarchies: string[] = [];
  try {
    hierarchies = fs.readdirSync(ROOT);
  } catch {
    return true;
  }
  let clean = true;
  for (const h of hierarchies) {
    const dir = path.join(ROOT, h, CGROUP_PARENT, name);
    if (!fs.existsSync(dir)) continue;
    try {
      // Leftover container leaves first (normally runc removed them already).
      for (const child of fs.readdirSync(dir, { withFileTypes: true })) {
        if (child.isDirectory()) fs.rmdirSync(path.join(dir, child.name));
      }
      fs.rmdirSync(dir);
    } catch {
      clean = false; // busy: a container of this grade is still being torn down
    }
  }
  return clean;
}
