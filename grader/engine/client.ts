/**
 * The engine client type the rest of the grader passes around. Only grader/engine/ calls it (the
 * Docker Engine API through dockerode); other modules hold it as an opaque handle.
 */
export type { default as EngineClient } from 'dockerode';
