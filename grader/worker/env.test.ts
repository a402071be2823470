import { describe, expect, it } from 'vitest';
import { readWorkerEnv, WorkerEnvError } from './env';

describe('readWorkerEnv: the worker\'s settings, validated at start-up', () => {
  it('defaults: one grade at a time, a 2 s idle poll, this checkout\'s engine which it may start', () => {
    const e = readWorkerEnv({});
    expect(e).toMatchObject({ concurrency: 1, pollMs: 2000, startEngine: true, engine: { kind: 'socket', from: 'default' } });
  });

  it('reads the values it is given; an engine named by the environment is never started', () => {
    const e = readWorkerEnv({ LAYERLAB_WORKER_CONCURRENCY: '2', LAYERLAB_QUEUE_POLL_SECONDS: '0.5', DOCKER_HOST: 'unix:///srv/engine-2/docker.sock' });
    expect(e).toMatchObject({ concurrency: 2, pollMs: 500, startEngine: false, engine: { socketPath: '/srv/engine-2/docker.sock', from: 'DOCKER_HOST' } });
    expect(readWorkerEnv({ LAYERLAB_WORKER_START_ENGINE: '0' }).startEngine).toBe(false);
  });

  it('a bad value stops the start with the variable, the value and what is expected', () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ LAYERLAB_WORKER_CONCURRENCY: 'two' }, 'LAYERLAB_WORKER_CONCURRENCY="two": expected a whole number'],
      [{ LAYERLAB_WORKER_CONCURRENCY: '0' }, 'LAYERLAB_WORKER_CONCURRENCY="0": expected 1 to 32'],
      [{ LAYERLAB_WORKER_START_ENGINE: 'yes' }, 'LAYERLAB_WORKER_START_ENGINE="yes": expected 0 or 1'],
      [{ LAYERLAB_STALE_AFTER_SECONDS: '0.1' }, 'LAYERLAB_STALE_AFTER_SECONDS="0.1": expected 1 to 3600 seconds'],
      [{ LAYERLAB_HEARTBEAT_SECONDS: 'soon' }, 'LAYERLAB_HEARTBEAT_SECONDS="soon": expected a number of seconds'],
      [{ DOCKER_HOST: 'ssh://me@host' }, 'DOCKER_HOST must start with unix:// or tcp://'],
    ];
    for (const [env, message] of cases) {
      expect(() => readWorkerEnv(env)).toThrow(WorkerEnvError);
      expect(() => readWorkerEnv(env)).toThrow(message);
    }
  });
});
