import type Docker from 'dockerode';

/**
 * Every image id the engine holds, intermediate (untagged parent) images included — what
 * `docker images -a --no-trunc -q` lists. Taken just before a build, it is the set of images a cache
 * hit can reuse (inspect/history.ts). Ids are full (`sha256:…`). Throws what dockerode throws.
 */
export async function existingImageIds(docker: Docker): Promise<Set<string>> {
  const images = await docker.listImages({ all: true });
  return new Set(images.map((i) => i.Id));
}
