/**
 * Fakes of the engine for the stages' unit tests (no Docker): a session whose cgroup, driver and
 * image removal are recorded, and build outcomes shaped like the engine's.
 */
import type { EngineClient as Docker } from '../engine/client';
import { resolveSandboxLimits, type SandboxLimits } from '../../lib/grading/limits';
import type { ImageModel } from '../inspect/image-archive';
import type { BuildOutcome } from '../engine/build';
import { GradeSession, type SessionDriver } from './session';

/** A Docker client that must not be used (the stages under test reach the engine only through fakes). */
export const untouchableDocker = new Proxy({}, { get: () => { throw new Error('the engine must not be used'); } }) as Docker;

export interface FakeSessionRecord {
  removed?: { tags: string[]; intermediateIds: string[]; createdAfterMs: number };
  driverCleanups: number;
  cgroupCleanups: number;
  imageModelReads: string[];
  /** Each batch read (`imageModels`), with the ids it asked for. */
  imageModelsReads: string[][];
  logs: string[];
}

/** A real GradeSession over fakes; `record` tells what it released and read (`batch`: the driver reads several images at once). */
export function fakeSession(opts: { limits?: Partial<SandboxLimits>; signal?: AbortSignal; gradeId?: string; failCleanup?: boolean; model?: ImageModel; batch?: boolean } = {}) {
  const record: FakeSessionRecord = { driverCleanups: 0, cgroupCleanups: 0, imageModelReads: [], imageModelsReads: [], logs: [] };
  const driver: SessionDriver = {
    workingDir: async () => '/',
    pathExists: async () => false,
    run: async () => ({ exitCode: 0, stdout: '', stderr: '', timedOut: false, oomKilled: false, durationMs: 1 }),
    ...(opts.model
      ? {
          imageModel: async (id: string) => {
            record.imageModelReads.push(id);
            return opts.model!;
          },
        }
      : {}),
    ...(opts.model && opts.batch
      ? {
          imageModels: async (ids: string[]) => {
            record.imageModelsReads.push([...ids]);
            return ids.map((id) => ({ ...opts.model!, id }));
          },
        }
      : {}),
    cleanup: async () => {
      record.driverCleanups++;
      if (opts.failCleanup) throw new Error('driver cleanup failed');
    },
  };
  const session = new GradeSession(untouchableDocker, resolveSandboxLimits(opts.limits), opts.signal, opts.gradeId ?? 'g2test', {
    createCgroup: () => ({ parent: '/layerlab-builds/grade-g2test', cleanup: async () => void record.cgroupCleanups++ }),
    createDriver: () => driver,
    removeImages: async (_docker, tags, intermediateIds, createdAfterMs) => {
      record.removed = { tags: [...tags], intermediateIds: [...intermediateIds], createdAfterMs };
      return [];
    },
    log: (m) => record.logs.push(m),
  });
  return { session, record, driver };
}

/** A build outcome as runBuild returns it: `steps` are the stream's steps (n, instruction, image id). */
export function fakeOutcome(o: { ok: boolean; imageId?: string; error?: string; steps?: { n: number; instruction: string; imageId?: string; output?: string; cached?: boolean }[]; log?: string }): BuildOutcome {
  const steps = (o.steps ?? []).map((s) => ({ n: s.n, total: o.steps!.length, instruction: s.instruction, cached: s.cached ?? false, imageId: s.imageId, output: s.output ?? '', startMs: 0 }));
  return {
    ok: o.ok,
    imageId: o.imageId,
    error: o.error,
    timedOut: false,
    startMs: 1000,
    endMs: 1500,
    stream: { steps, total: steps.length, imageId: o.imageId, suspicious: false, seenImageIds: steps.flatMap((s) => (s.imageId ? [s.imageId] : [])), log: o.log ?? '' },
    contextFiles: 1,
    contextBytes: 10,
  };
}
