/**
 * Stage 2, prepare: the engine answers and holds every base image the Dockerfile names
 * (engine/readiness.ts). If not, it is the platform's fault, not the student's: InfrastructureError
 * (the worker retries, no attempt is counted).
 */
import type { EngineClient as Docker } from '../engine/client';
import type { ParsedDockerfile } from '../../lib/dockerfile/parse';
import { externalBaseImages } from '../dockerfile/policy';
import { checkEngineReady } from '../engine/readiness';

/** Throws InfrastructureError naming what is missing: the engine, or a base image. */
export async function prepareEngine(docker: Docker, parsed: ParsedDockerfile): Promise<void> {
  await checkEngineReady(docker, externalBaseImages(parsed));
}
