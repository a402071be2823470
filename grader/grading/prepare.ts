/**
 * Stage 2, prepare: the engine answers and holds every base image the Dockerfile names. If not, it
 * is the platform's fault, not the student's: InfrastructureError (the worker retries, no attempt
 * is counted). Also learns the engine's data root, so engine paths a RUN prints are never shown
 * (engine/engine-text.ts).
 */
import type Docker from 'dockerode';
import type { ParsedDockerfile } from '../dockerfile/parse';
import { externalBaseImages } from '../dockerfile/policy';
import { addEngineRoot } from '../engine/engine-text';
import { InfrastructureError } from '../errors';

/** Throws InfrastructureError naming what is missing: the engine, or a base image (with how to add it). */
export async function prepareEngine(docker: Docker, parsed: ParsedDockerfile): Promise<void> {
  try {
    await docker.ping();
  } catch (err) {
    throw new InfrastructureError(`the sandbox engine does not answer: ${(err as Error).message}`, { cause: err });
  }
  // An engine that cannot answer info() is not an error: only the scrubbing of its root is skipped.
  addEngineRoot(await Promise.resolve()
    .then(() => docker.info() as Promise<{ DockerRootDir?: string }>)
    .then((i) => i.DockerRootDir, () => undefined));
  for (const image of externalBaseImages(parsed)) {
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
