/**
 * Plain Engine API calls, as a user's `docker` CLI makes them, with none of the grader's sandboxing
 * beyond the network rule (network none): the bench's baseline (scripts/bench-support.ts) measures
 * what a student would wait for by hand, and a second bench engine gets its base images by
 * `docker save | docker load` (scripts/bench-load.ts). Nothing here is used to grade.
 */
import type Docker from 'dockerode';
import type { ContextFiles } from '../context';
import { packContext } from './context-tar';

/**
 * One plain `docker build --network none --force-rm -t <tag>` of `files` (path → text), with the
 * classic builder (API `version: 1`); the context packed as the docker client packs it (.dockerignore
 * applied: context-tar.ts). Rejects with the engine's message when a step fails.
 */
export async function plainBuild(docker: Docker, files: ContextFiles, tag: string): Promise<void> {
  const stream = await docker.buildImage((await packContext(files)).tar as unknown as NodeJS.ReadableStream, {
    t: tag,
    networkmode: 'none',
    forcerm: true,
    version: '1',
  } as Docker.ImageBuildOptions);
  const out = await new Promise<Array<{ error?: string }>>((resolve, reject) =>
    docker.modem.followProgress(stream, (e, r) => (e ? reject(e) : resolve(r))),
  );
  const err = out.find((o) => o.error);
  if (err) throw new Error(err.error);
}

/** One plain `docker run --rm --network none <image>`: create, start, wait for the exit, remove. Resolves to the exit code. */
export async function plainRun(docker: Docker, image: string): Promise<number> {
  const c = await docker.createContainer({ Image: image, NetworkDisabled: true, HostConfig: { NetworkMode: 'none' } });
  try {
    await c.start();
    const { StatusCode } = (await c.wait()) as { StatusCode: number };
    return StatusCode;
  } finally {
    await c.remove({ force: true }).catch(() => {});
  }
}

/**
 * `docker rmi -f` of each tag, then `docker image prune` of the dangling images labelled `label`
 * (`key=value`): the intermediate layers those builds left. Never throws (best-effort cleanup).
 */
export async function removeImagesAndDangling(docker: Docker, tags: readonly string[], label: string): Promise<void> {
  for (const tag of tags) await docker.getImage(tag).remove({ force: true }).catch(() => {});
  await docker.pruneImages({ filters: { dangling: { true: true }, label: { [label]: true } } as never }).catch(() => {});
}

/** `docker save <image> | docker load` from one engine into another; rejects when either side fails. */
export async function copyImage(from: Docker, to: Docker, image: string): Promise<void> {
  const saved = await from.getImage(image).get();
  const loading = await to.loadImage(saved as unknown as NodeJS.ReadableStream);
  await new Promise((resolve, reject) => to.modem.followProgress(loading, (e) => (e ? reject(e) : resolve(undefined))));
}
