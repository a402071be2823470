// Starts the whole platform in the foreground: database (embedded unless DATABASE_URL),
// migrations, seed, sandbox engine and base images, the grader worker, the web app and its edge
// (nginx on PORT in front of next start: scripts/edge.ts).
// Ctrl-C stops what it started. Used by `npm start` (after scripts/setup.sh) and the e2e tests.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { databaseUrl, usingEmbeddedPostgres } from '../lib/db/url';
import { dataDir, demoMode, env, readingRequiresSignIn } from '../lib/env';
import { adminExists, setupToken } from '../lib/accounts/first-admin';
import { edgeCacheDir, freePort, startEdge } from './edge';
import { ensureEmbeddedPostgres } from './db/embedded';
import { applyMigrations } from './db/migrations';
import { recreateDatabase } from './db/recreate';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seed } from './db/seed';
import { pingRevalidate } from '../lib/content/revalidate';
import { ensureEngine } from '../grader/engine/daemon';
import { ensureBaseImages } from '../grader/engine/base-images';

const log = (m: string) => process.stderr.write(`[layerlab] ${m}\n`);
const children: ChildProcess[] = [];
let stopping = false;

function run(name: string, cmd: string, args: string[], extraEnv: Record<string, string> = {}): ChildProcess {
  const child = spawn(cmd, args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, ...extraEnv },
    // Same process group as this supervisor: whoever kills the group (a test runner, a terminal)
    // takes the web app and the worker with it, so nothing is left running on its own.
  });
  children.push(child);
  child.on('exit', (code, sig) => {
    if (!stopping) {
      log(`${name} exited (${sig ?? code}); stopping the platform`);
      void shutdown(1);
    }
  });
  return child;
}

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  for (const c of children) c.kill('SIGTERM');
  const deadline = Date.now() + 5000;
  while (children.some((c) => c.exitCode === null && c.signalCode === null) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
  }
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await pg?.stop().catch(() => {});
  process.exit(code);
}

let pg: Awaited<ReturnType<typeof ensureEmbeddedPostgres>> | undefined;

async function main() {
  const port = env().PORT;
  const bin = (n: string) => path.resolve('node_modules', '.bin', n);
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  if (usingEmbeddedPostgres()) pg = await ensureEmbeddedPostgres(log);
  // For the e2e run only: start from an empty database (recreateDatabase refuses anything but *_e2e/_test/_bench).
  if (process.env.LAYERLAB_RESET_DB === '1') {
    await recreateDatabase(databaseUrl());
    log('database recreated (LAYERLAB_RESET_DB=1)');
  }
  const applied = await applyMigrations(databaseUrl(), log);
  log(`database ready (${applied.length} new migration(s))`);
  log(demoMode()
    ? `demo mode ON: demo accounts (password ${DEMO_PASSWORD}) are created and listed on the login page; LAYERLAB_DEMO=0 turns it off`
    : 'demo mode off (LAYERLAB_DEMO=0): no demo accounts');
  await seed(log);

  log('starting the sandbox engine and base images (first run builds images: ~2 minutes)');
  const docker = await ensureEngine({ onProgress: log });
  await ensureBaseImages(docker, { onProgress: log });

  if (process.env.LAYERLAB_SKIP_BUILD !== '1' || !fs.existsSync('.next/BUILD_ID')) {
    log('building the web app (next build)');
    await new Promise<void>((resolve, reject) => {
      const b = spawn(bin('next'), ['build'], { stdio: ['ignore', 'inherit', 'inherit'], env: process.env });
      b.on('exit', (c) => (c === 0 ? resolve() : reject(new Error(`next build failed (${c})`))));
    });
  }

  const shared = { DATABASE_URL: databaseUrl(), NEXT_TELEMETRY_DISABLED: '1' };
  run('grader worker', bin('tsx'), ['grader/worker/main.ts'], shared);
  // next start on an internal port; the edge (scripts/edge.ts: nginx, lesson-page microcache) on PORT.
  const webPort = await freePort();
  const edgeDir = path.join(dataDir(), 'edge', String(port));
  const cacheLessons = !readingRequiresSignIn();
  run('web app', bin('next'), ['start', '-H', '127.0.0.1', '-p', String(webPort)], {
    ...shared,
    LAYERLAB_DEMO: demoMode() ? '1' : '0',
    NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://127.0.0.1:${port}`,
    LAYERLAB_EDGE_CACHE_DIR: edgeCacheDir(edgeDir),
  });
  const edge = startEdge({ dir: edgeDir, listenPort: port, upstreamPort: webPort, cacheLessons }, (cmd, args) => run('edge (nginx)', cmd, args));
  log(`edge nginx (pid ${edge.pid}) on 127.0.0.1:${port} → next start on 127.0.0.1:${webPort}${cacheLessons ? '; lesson pages microcached for 1 s' : ''}`);

  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 120; i++) {
    try {
      const res = await fetch(`${url}/login`);
      if (res.ok) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  // Lesson pages cached by an earlier run of this build may predate the seed above: drop them.
  log(await pingRevalidate(url));
  process.stdout.write(`\nLayerLab is running at ${url}\n${await accessNote(url)}\nPress Ctrl-C to stop.\n\n`);
}

/** How to get in: the demo logins, the one-time first-admin link, or nothing to add. */
async function accessNote(url: string): Promise<string> {
  if (demoMode()) {
    const logins = DEMO_ACCOUNTS.map((a) => `  ${a.role.padEnd(8)} ${a.email} / ${DEMO_PASSWORD}`).join('\n');
    return `DEMO MODE (LAYERLAB_DEMO=0 for a real site). Demo logins:\n${logins}`;
  }
  if (await adminExists()) return 'Sign in with an admin account.';
  // The token is an HMAC of the session secret: only who reads this log (or data/) can claim the site.
  return `No admin yet. first admin: open ${url}/setup?token=${setupToken()}\n(or restart with LAYERLAB_ADMIN_EMAIL and LAYERLAB_ADMIN_PASSWORD set)`;
}

main().catch(async (e) => {
  log(`cannot start: ${(e as Error).message}`);
  await shutdown(1);
});
