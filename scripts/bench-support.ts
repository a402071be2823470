// What both bench modes share: the baseline (the builds a student would run by hand plus one
// `docker run`, done directly against the same engine), a recreated bench database, worker
// processes and the figures (medians, percentiles, seconds).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { EngineClient } from '../grader/engine/client';
import { plainBuild, plainRun, removeImagesAndDangling } from '../grader/engine/plain';
import { loadLab } from '../lib/labs/loader';
import { EMBEDDED_PG_PORT } from '../lib/db/url';

export const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);
/** Median of a non-empty list (the middle element; the upper middle for an even count). */
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** Nearest-rank percentile, p in 0..100. */
export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}
/** Milliseconds as seconds with one decimal ("12.3 s"); `digits` for sub-second figures. */
export const secs = (ms: number, digits = 1) => `${(ms / 1000).toFixed(digits)} s`;

/**
 * The baseline for cache-order, in milliseconds: what a student does by hand for the same result —
 * the grader's three builds of the reference solution (initial, the lab's source edit, the lab's
 * dependency edit) with `docker build`, then one `docker run` of the final image — directly against
 * `docker`. A fresh label after FROM keeps one run from reusing another's layers (the grader's
 * per-grade nonce does the same). Everything it made is removed afterwards (not timed).
 */
export async function baselineRun(docker: EngineClient, labId = 'cache-order'): Promise<number> {
  const lab = await loadLab(labId);
  const nonce = randomBytes(4).toString('hex');
  const files = new Map(lab.starterFiles.map((f) => [f.path, f.content]));
  const solution = fs.readFileSync(`labs/${labId}/solution/Dockerfile`, 'utf8').replace(/^(FROM .*)$/m, `$1\nLABEL bench=${nonce}`);
  files.set('Dockerfile', solution);
  const tag = (n: number) => `layerlab-bench-${nonce}:${n}`;
  const t0 = Date.now();
  try {
    await plainBuild(docker, files, tag(1));
    files.set('src/app.js', `${files.get('src/app.js')}\n// edited ${nonce}\n`);
    await plainBuild(docker, files, tag(2));
    const pkg = JSON.parse(files.get('package.json')!);
    pkg.dependencies.dayjs = '^1.11.13';
    files.set('package.json', JSON.stringify(pkg, null, 2));
    await plainBuild(docker, files, tag(3));
    const code = await plainRun(docker, tag(3));
    if (code !== 0) throw new Error(`baseline: the final image exited ${code}`);
    return Date.now() - t0;
  } finally {
    await removeImagesAndDangling(docker, [1, 2, 3].map(tag), `bench=${nonce}`);
  }
}

/**
 * A recreated, migrated database for a bench run: `<app database>_<suffix>_bench` on the server
 * DATABASE_URL names (the embedded one by default), e.g. layerlab_g3 → layerlab_g3_load_bench.
 * Sets process.env.DATABASE_URL to it, so lib/db and the worker processes use it.
 */
export async function benchDatabase(suffix: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const app = new URL(process.env.DATABASE_URL ?? `postgresql://postgres:postgres@127.0.0.1:${EMBEDDED_PG_PORT}/layerlab`);
  let handle: { stop(): Promise<void> } | undefined;
  if (app.hostname === '127.0.0.1' && app.port === String(EMBEDDED_PG_PORT)) {
    const { ensureEmbeddedPostgres } = await import('./db/embedded');
    handle = await ensureEmbeddedPostgres(log);
  }
  const url = new URL(app.toString());
  url.pathname = `/${decodeURIComponent(app.pathname.slice(1)) || 'layerlab'}${suffix ? `_${suffix}` : ''}_bench`;
  const { recreateDatabase } = await import('./db/recreate');
  await recreateDatabase(url.toString());
  const { applyMigrations } = await import('./db/migrations');
  await applyMigrations(url.toString());
  process.env.DATABASE_URL = url.toString();
  return { url: url.toString(), stop: async () => { await handle?.stop(); } };
}

/** A grader worker process (`tsx grader/worker/main.ts`, as production runs it); its log lines go to `lines`. */
export function startWorker(env: Record<string, string>, lines: string[] = []): { child: ChildProcess; stop: () => Promise<void> } {
  const child = spawn(path.resolve('node_modules/.bin/tsx'), ['grader/worker/main.ts'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr!.on('data', (d: Buffer) => lines.push(...d.toString().split('\n').filter(Boolean)));
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 25_000);
    await exited;
    clearTimeout(t);
  };
  return { child, stop };
}

/** Resolves once `lines` has a line matching `re` (the worker says it waits for jobs). */
export async function waitForLine(lines: string[], re: RegExp, timeoutMs = 180_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!lines.some((l) => re.test(l))) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${re} in: ${lines.slice(-5).join(' | ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Queue pickup of a submission's first job: pg-boss created_on → started_on, in ms (the database's clock). */
export async function pickupMs(submissionIds: string[]): Promise<Map<string, number>> {
  const { db } = await import('../lib/db');
  const rows = await db.$queryRaw<{ id: string; ms: number }[]>`
    SELECT DISTINCT ON (data->>'submissionId') data->>'submissionId' AS id,
           (EXTRACT(EPOCH FROM started_on - created_on) * 1000)::float8 AS ms
    FROM (SELECT data, created_on, started_on FROM pgboss.job WHERE name = 'grade'
          UNION ALL SELECT data, created_on, started_on FROM pgboss.archive WHERE name = 'grade') j
    WHERE data->>'submissionId' = ANY(${submissionIds}) AND started_on IS NOT NULL
    ORDER BY data->>'submissionId', created_on`;
  return new Map(rows.map((r) => [r.id, r.ms]));
}

