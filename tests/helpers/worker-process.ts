// Spawns real grader worker processes (`tsx grader/worker/main.ts`) for the recovery tests, and
// finds the worker's own pid (tsx runs it in a child node process) from its log lines.
import { spawn, type ChildProcess } from 'node:child_process';

export interface WorkerProc {
  child: ChildProcess;
  logs: string[];
  /** The pid of the node process running main.ts (what kill -9 must hit). */
  pid: () => Promise<number>;
  exited: Promise<number | null>;
  stop: () => Promise<void>;
}

export function spawnWorker(env: Record<string, string> = {}): WorkerProc {
  const child = spawn('node_modules/.bin/tsx', ['grader/worker/main.ts'], {
    env: {
      ...process.env,
      LAYERLAB_HEARTBEAT_SECONDS: '1',
      LAYERLAB_STALE_AFTER_SECONDS: '4',
      LAYERLAB_REAP_SECONDS: '1',
      LAYERLAB_ORPHAN_AFTER_SECONDS: '10',
      LAYERLAB_WORKER_START_ENGINE: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const onData = (d: Buffer) => logs.push(...d.toString().split('\n').filter(Boolean));
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const pid = async () => {
    for (let i = 0; i < 600; i++) {
      const m = logs.map((l) => /^\[worker (\d+)\]/.exec(l)).find(Boolean);
      if (m) return Number(m[1]);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`worker never logged: ${logs.join('\n')}`);
  };
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 25_000);
    await exited;
    clearTimeout(t);
  };
  return { child, logs, pid, exited, stop };
}

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 180_000, everyMs = 250): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
