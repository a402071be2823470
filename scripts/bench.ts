// npm run bench — how much the grader costs on top of the builds it runs, and how long a student
// waits from submit to score through the real queue and worker. Prints figures (ratios against a
// baseline measured in the same run); `--write` also records them in docs/benchmarks.md.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import tar from 'tar-stream';
import { ensureEngine } from '../grader/engine/daemon';
import { ensureBaseImages } from '../grader/engine/base-images';
import { gradeSubmission } from '../grader/grade';
import { loadLab } from '../lib/labs/loader';
import { EMBEDDED_PG_PORT } from '../lib/db/url';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const LAB = 'cache-order';
const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function tarOf(files: Map<string, string>): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (c: unknown) => chunks.push(c as Buffer));
  const done = new Promise<void>((r) => pack.on('end', () => r()));
  for (const [name, content] of files) pack.entry({ name, mode: 0o644 }, content);
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

/** One plain `docker build` through the Engine API, as a user's CLI would do it. */
async function plainBuild(docker: Docker, files: Map<string, string>, tag: string): Promise<string> {
  const stream = await docker.buildImage(await tarOf(files) as unknown as NodeJS.ReadableStream, {
    t: tag, networkmode: 'none', forcerm: true, version: '1',
  } as Docker.ImageBuildOptions);
  const out = await new Promise<any[]>((resolve, reject) => docker.modem.followProgress(stream, (e, r) => (e ? reject(e) : resolve(r))));
  const err = out.find((o) => o.error);
  if (err) throw new Error(err.error);
  return tag;
}

/** The same three builds the grader runs for cache-order, done directly: initial, source edit, dependency edit. */
async function directBuilds(docker: Docker): Promise<number> {
  const lab = await loadLab(LAB);
  const nonce = randomBytes(4).toString('hex');
  const files = new Map(lab.starterFiles.map((f) => [f.path, f.content]));
  // A fresh label right after FROM keeps this run from reusing an earlier run's layers, as the grader does.
  const solution = fs.readFileSync(`labs/${LAB}/solution/Dockerfile`, 'utf8').replace(/^(FROM .*)$/m, `$1\nLABEL bench=${nonce}`);
  files.set('Dockerfile', solution);
  const tags: string[] = [];
  const t0 = Date.now();
  tags.push(await plainBuild(docker, files, `layerlab-bench-${nonce}:1`));
  files.set('src/app.js', `${files.get('src/app.js')}\n// edited ${nonce}\n`);
  tags.push(await plainBuild(docker, files, `layerlab-bench-${nonce}:2`));
  const pkg = JSON.parse(files.get('package.json')!);
  pkg.dependencies.dayjs = '^1.11.13';
  files.set('package.json', JSON.stringify(pkg, null, 2));
  tags.push(await plainBuild(docker, files, `layerlab-bench-${nonce}:3`));
  const elapsed = Date.now() - t0;
  for (const t of tags) await docker.getImage(t).remove({ force: true }).catch(() => {});
  await docker.pruneImages({ filters: { dangling: { true: true }, label: { [`bench=${nonce}`]: true } } as never }).catch(() => {});
  return elapsed;
}

async function queueRoundTrips(): Promise<{ total: number[]; grading: number[]; waiting: number[] }> {
  const dbName = 'layerlab_bench';
  const base = process.env.DATABASE_URL ? new URL(process.env.DATABASE_URL) : new URL(`postgresql://postgres:postgres@127.0.0.1:${EMBEDDED_PG_PORT}/postgres`);
  let handle: { stop(): Promise<void> } | undefined;
  if (!process.env.DATABASE_URL) {
    const { ensureEmbeddedPostgres } = await import('./db/embedded');
    handle = await ensureEmbeddedPostgres(log);
  }
  const url = new URL(base.toString());
  url.pathname = `/${dbName}`;
  const { recreateDatabase } = await import('./db/recreate');
  await recreateDatabase(url.toString());
  process.env.DATABASE_URL = url.toString();
  const { applyMigrations } = await import('./db/migrations');
  await applyMigrations(url.toString());
  const { db } = await import('../lib/db');
  const { enqueueGrade, stopBoss } = await import('../lib/queue');

  const worker = spawn(path.resolve('node_modules/.bin/tsx'), ['grader/worker/main.ts'], {
    env: { ...process.env, DATABASE_URL: url.toString() },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  worker.stderr.on('data', () => {});
  const user = await db.user.create({ data: { email: 'bench@layerlab.test', name: 'Bench', passwordHash: 'x' } });
  const solution = fs.readFileSync(`labs/${LAB}/solution/Dockerfile`, 'utf8');
  const total: number[] = [];
  const grading: number[] = [];
  const waiting: number[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const t0 = Date.now();
      const sub = await db.submission.create({ data: { userId: user.id, labId: LAB, files: { Dockerfile: solution } } });
      await enqueueGrade(sub.id);
      for (;;) {
        const s = await db.submission.findUniqueOrThrow({ where: { id: sub.id } });
        if (s.status === 'GRADED' || s.status === 'FAILED') {
          if (s.status === 'FAILED' || s.score !== s.maxScore) throw new Error(`queue run ${i + 1}: ${s.status} ${s.score}/${s.maxScore} ${s.failureReason ?? ''}`);
          total.push(Date.now() - t0);
          grading.push(s.finishedAt!.getTime() - s.startedAt!.getTime());
          waiting.push(s.startedAt!.getTime() - s.createdAt.getTime());
          break;
        }
        if (Date.now() - t0 > 10 * 60_000) throw new Error('queue run timed out');
        await new Promise((r) => setTimeout(r, 100));
      }
      log(`queue run ${i + 1}/${RUNS}: ${secs(total[i])}`);
    }
  } finally {
    worker.kill('SIGTERM');
    await stopBoss().catch(() => {});
    await db.$disconnect();
    await handle?.stop();
  }
  return { total, grading, waiting };
}

async function main() {
  const docker = await ensureEngine({ onProgress: log });
  await ensureBaseImages(docker, { onProgress: log });
  const solution = fs.readFileSync(`labs/${LAB}/solution/Dockerfile`, 'utf8');

  const graded: number[] = [];
  const direct: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    // Alternate the order so neither side always runs on a warmer page cache.
    const doGrade = async () => {
      const t0 = Date.now();
      const report = await gradeSubmission({ labId: LAB, files: { Dockerfile: solution }, docker });
      if (report.score !== report.maxScore) throw new Error(`reference solution scored ${report.score}/${report.maxScore}`);
      graded.push(Date.now() - t0);
    };
    const doDirect = async () => direct.push(await directBuilds(docker));
    if (i % 2 === 0) { await doGrade(); await doDirect(); } else { await doDirect(); await doGrade(); }
    log(`run ${i + 1}/${RUNS}: grader ${secs(graded[i])}, direct builds ${secs(direct[i])}`);
  }
  const queue = await queueRoundTrips();

  const g = median(graded);
  const d = median(direct);
  const lines = [
    `## ${LAB} reference solution (${RUNS} runs, medians; ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores)`,
    '',
    '| measure | median | runs |',
    '|---|---|---|',
    `| three builds done directly against the sandbox engine (baseline) | ${secs(d)} | ${direct.map(secs).join(', ')} |`,
    `| the grader: same three builds + history checks + file check + run | ${secs(g)} | ${graded.map(secs).join(', ')} |`,
    `| **ratio grader / direct builds** | **${(g / d).toFixed(2)}×** | |`,
    `| submit → score through the queue and worker | ${secs(median(queue.total))} | ${queue.total.map(secs).join(', ')} |`,
    `| … of which waiting in the queue | ${secs(median(queue.waiting))} | ${queue.waiting.map(secs).join(', ')} |`,
    `| … of which grading in the worker | ${secs(median(queue.grading))} | ${queue.grading.map(secs).join(', ')} |`,
    `| **ratio submit→score / grader alone** | **${(median(queue.total) / g).toFixed(2)}×** | |`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (process.argv.includes('--write')) {
    const file = 'docs/benchmarks.md';
    const head = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n<!-- results -->')[0] : '# Benchmarks\n';
    fs.mkdirSync('docs', { recursive: true });
    fs.writeFileSync(file, `${head}\n<!-- results -->\n${lines.join('\n')}`);
    log(`wrote ${file}`);
  }
  process.exit(0);
}

main().catch((e) => {
  process.stderr.write(`bench failed: ${(e as Error).message}\n`);
  process.exit(1);
});
