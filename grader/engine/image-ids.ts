import type Docker from 'dockerode';
import { isRestoredCacheImage, type HistoryEntry } from '../inspect/history';

/**
 * Every image id the engine holds, intermediate (untagged parent) images included — what
 * `docker images -a --no-trunc -q` lists. Taken just before a build, it is the set of images a cache
 * hit can reuse (inspect/history.ts). Ids are full (`sha256:…`). Throws what dockerode throws.
 */
export async function existingImageIds(docker: Docker): Promise<Set<string>> {
  const images = await docker.listImages({ all: true });
  return new Set(images.map((i) => i.Id));
}

/** What inspect/steps.ts reads of a build's images (engineStepImages: from the engine). */
export interface StepImages {
  /** `docker history` of an image, newest first. Throws what the engine throws (e.g. 404). */
  history(imageId: string): Promise<HistoryEntry[]>;
  /** Did the engine's cache restore this image (inspect/history.ts)? Undefined when it cannot be inspected. */
  restoredByCache(imageId: string): Promise<boolean | undefined>;
}

export function engineStepImages(docker: Docker): StepImages {
  return {
    async history(imageId) {
      const raw = (await docker.getImage(imageId).history()) as { Id: string; CreatedBy?: string; Size?: number }[];
      return raw.map((h) => ({ id: h.Id, createdBy: h.CreatedBy ?? '', sizeBytes: typeof h.Size === 'number' ? h.Size : 0 }));
    },
    async restoredByCache(imageId) {
      const info = await docker.getImage(imageId).inspect().catch(() => undefined);
      return info ? isRestoredCacheImage(info) : undefined;
    },
  };
}
