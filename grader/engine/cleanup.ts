/**
 * Removes what a grade made in the engine: its tags, the images only they held, and the dangling
 * intermediate images of failed builds. Never touches images tagged by anyone else (base images),
 * never forces a removal of a shared layer (Docker refuses to delete a parent another image needs).
 */
import type Docker from 'dockerode';
import { CONTAINER_LABEL } from './containers';

export const GRADE_TAG_PREFIX = 'layerlab-grade-';

function status(err: unknown): number | undefined {
  return (err as { statusCode?: number })?.statusCode;
}

async function removeContainersOf(docker: Docker, tag: string): Promise<void> {
  const containers = await docker.listContainers({ all: true, filters: { ancestor: [tag] } }).catch(() => []);
  for (const c of containers) await docker.getContainer(c.Id).remove({ force: true }).catch(() => {});
}

/**
 * `intermediateIds`: image ids seen in the grade's build output (dangling chains of failed builds).
 * Only those created after `createdAfterMs` (i.e. by this grade) are removed: an older one is a layer
 * another grade made and shares (e.g. `WORKDIR /app` on the base image); that grade removes it.
 */
export async function removeGradeImages(
  docker: Docker,
  tags: readonly string[],
  intermediateIds: readonly string[],
  createdAfterMs = 0,
): Promise<string[]> {
  const problems: string[] = [];
  for (const tag of tags) {
    // 409 right after an aborted build: the daemon is still removing that build's container
    // (it does within about a second); retry for a few seconds.
    for (let attempt = 0; ; attempt++) {
      try {
        await docker.getImage(tag).remove({ noprune: false });
        break;
      } catch (err) {
        const s = status(err);
        if (s === 404) break;
        if (s === 409 && attempt < 10) {
          // The tag is unique to this grade, so any container descending from it is one of this
          // grade's build containers that the daemon has not reaped yet (an aborted disk filler
          // can take many seconds): remove it ourselves instead of leaking the tag.
          if (attempt >= 2) await removeContainersOf(docker, tag);
          await new Promise((r) => setTimeout(r, 500));
          continue;
        }
        problems.push(`${tag}: ${(err as Error).message}`);
        break;
      }
    }
  }
  // Newest first, so each removal can cascade to its now-childless parents.
  for (const id of [...intermediateIds].reverse()) {
    try {
      const info = await docker.getImage(id).inspect();
      const foreignTags = (info.RepoTags ?? []).filter((t) => t !== '<none>:<none>' && !t.startsWith(GRADE_TAG_PREFIX));
      if (foreignTags.length > 0) continue; // a base image or someone else's image
      if (Date.parse(info.Created) < createdAfterMs) continue; // made by another grade
      await docker.getImage(info.Id).remove({ noprune: false });
    } catch (err) {
      const s = status(err);
      // 404: already gone with its child; 409: still the parent of another image (shared layer).
      if (s !== 404 && s !== 409) problems.push(`${id}: ${(err as Error).message}`);
    }
  }
  return problems;
}

/** A container as the engine lists it (`docker ps -a`), with what the sweeps read: `Created` in seconds. */
export type ListedContainer = Pick<Docker.ContainerInfo, 'Id' | 'Labels' | 'Created'>;
/** An image as the engine lists it (`docker images -a`): `RepoTags` may be absent or `<none>:<none>`. */
export type ListedImage = Pick<Docker.ImageInfo, 'Id' | 'RepoTags' | 'Labels' | 'Created'>;

/**
 * What grades may have left in the engine: every container carrying the grade label (CONTAINER_LABEL,
 * running or not) and every image, intermediate ones included (an untagged build chain of a grade
 * shows only there). Throws what dockerode throws when the engine does not answer.
 */
export async function listGradeLeftovers(docker: Docker): Promise<{ containers: ListedContainer[]; images: ListedImage[] }> {
  const containers = await docker.listContainers({ all: true, filters: { label: [CONTAINER_LABEL] } });
  const images = await docker.listImages({ all: true });
  return { containers, images };
}

/** Force-removes a container (`docker rm -f`). True when removed; false when the engine refused or it was already gone. */
export async function removeContainer(docker: Docker, id: string): Promise<boolean> {
  return docker.getContainer(id).remove({ force: true }).then(() => true, () => false);
}

/**
 * Start-up sweep for a worker: remove containers and tags left by grades that died mid-way
 * (older than `olderThanMs`). Safe with concurrent grades of the same age bound.
 */
export async function sweepStaleGrades(docker: Docker, olderThanMs = 60 * 60_000): Promise<{ containers: number; tags: number }> {
  const cutoff = (Date.now() - olderThanMs) / 1000;
  let containers = 0;
  let tags = 0;
  for (const c of await docker.listContainers({ all: true, filters: { label: [CONTAINER_LABEL] } })) {
    if (c.Created < cutoff) {
      await docker.getContainer(c.Id).remove({ force: true }).catch(() => {});
      containers++;
    }
  }
  for (const img of await docker.listImages()) {
    const ours = (img.RepoTags ?? []).filter((t) => t.startsWith(GRADE_TAG_PREFIX));
    if (ours.length === 0 || img.Created >= cutoff) continue;
    for (const t of ours) {
      await docker.getImage(t).remove({ noprune: false }).catch(() => {});
      tags++;
    }
  }
  return { containers, tags };
}
