/**
 * Is the engine ready for a grade: it answers, and holds the base images. Also learns its data
 * root, so engine paths a RUN prints are never shown (engine-text.ts).
 */
import type Docker from 'dockerode';
import { InfrastructureError } from '../errors';
import { addEngineRoot } from './engine-text';

/** Throws InfrastructureError naming what is missing: the engine, or a base image (with how to add it). */
export async function checkEngineReady(docker: Docker, baseImages: readonly string[]): Promise<void> {
  try {
    await docker.ping();
  } catch (err) {
    throw new InfrastructureError(`the sandbox engine does not answer: ${(err as Error).message}`, { cause: err });
  }
  // An engine that cannot answer info() is not an error: only the scrubbing of its root is skipped.
  addEngineRoot(await Promise.resolve()
    .then(() => docker.info() as Promise<{ DockerRootDir?: string }>)
    .then((i) => i.DockerRootDir, () => undefined));
  for (const image of baseImages) {
    try {
      await docker.getImage(image).inspect();
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) {
        throw new InfrastructureError(`base image ${image} is missing from the sandbox engine (run ensureBaseImages)`);
      }
      throw new InfrastructureError(`cannot inspect base image ${image}: ${(err as Error).message}`, { cause: err });
    }
  }
}
