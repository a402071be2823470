// npm run bench:lessons — the lesson page under 50 concurrent clients against nginx serving the
// same HTML from a file, in one run; then how long an upsert takes to show on the page.
//
//   npm run bench:lessons                       # starts `next start` and its edge itself (needs a build: npm run build)
//   npm run bench:lessons -- --url http://127.0.0.1:3000   # a running platform (npm start)
//
// Everything listens on 127.0.0.1 only. nginx (Debian's package, scripts/setup/system-packages.sh)
// runs with its own prefix and config in a temporary directory, one worker like the single Next
// process. The load generator is autocannon (pinned in package.json), each run bounded in time.
// Prints req/s, p50 and p99 for both and the ratios; `--write` also records them in docs/benchmarks.md.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { edgeCacheDir, freePort, nginxBinary, startEdge } from './edge';

const require = createRequire(__filename);

interface CannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<CannonResult>;

const CONNECTIONS = 50;
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const SEED_SLUG = '3-4-도커-이미지와-이미지-레이어-이해하기';
const LESSON_PATH = `/lessons/${encodeURIComponent(SEED_SLUG)}`;
const log = (m: string) => process.stderr.write(`[bench:lessons] ${m}\n`);
const children: ChildProcess[] = [];
/** nginx's temporary prefixes, removed when the run ends. */
const tempDirs: string[] = [];

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function waitFor(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (res.status < 500) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

function start(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): ChildProcess {
  const child = spawn(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  child.stderr?.on('data', (d: Buffer) => {
    const text = d.toString().trim();
    if (text) log(`${name}: ${text.split('\n').slice(-1)[0]}`);
  });
  children.push(child);
  return child;
}

function stopAll(): void {
  setTimeout(() => {
    for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
  }, 0);
  for (const c of children) {
    if (c.pid && c.exitCode === null) {
      try {
        process.kill(-c.pid, 'SIGTERM'); // its own process group: next-server children too
      } catch {
        // already gone
      }
    }
  }
}

/** next start on a free port, with the platform's edge (scripts/edge.ts) in front of it, as `npm start` runs them. */
async function startPlatformWeb(): Promise<{ edge: string; next: string }> {
  if (!fs.existsSync('.next/BUILD_ID')) throw new Error('no production build: run `npm run build` (or `npm start`) first, or pass --url');
  const port = await freePort();
  const edgePort = await freePort();
  log(`starting next start on 127.0.0.1:${port}, its edge on 127.0.0.1:${edgePort}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlab-edge-'));
  tempDirs.push(dir);
  start('next', path.resolve('node_modules/.bin/next'), ['start', '-H', '127.0.0.1', '-p', String(port)], {
    ...process.env,
    PORT: String(port),
    NEXTAUTH_URL: `http://127.0.0.1:${edgePort}`,
    NEXT_TELEMETRY_DISABLED: '1',
    LAYERLAB_EDGE_CACHE_DIR: edgeCacheDir(dir),
  });
  startEdge({ dir, listenPort: edgePort, upstreamPort: port, cacheLessons: true }, (cmd, args) => start('edge', cmd, args));
  const next = `http://127.0.0.1:${port}`;
  const edge = `http://127.0.0.1:${edgePort}`;
  await waitFor(`${next}/login`, 120_000);
  await waitFor(`${edge}/login`, 15_000);
  return { edge, next };
}

async function startNginx(html: string): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlab-nginx-'));
  // Started as root, nginx's worker drops to an unprivileged user: it must be able to read the file.
  fs.chmodSync(dir, 0o755);
  tempDirs.push(dir);
  fs.mkdirSync(path.join(dir, 'www'), { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'www', 'lesson.html'), html, { mode: 0o644 });
  const port = await freePort();
  const conf = `
daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/tmp-body;
  proxy_temp_path ${dir}/tmp-proxy;
  fastcgi_temp_path ${dir}/tmp-fastcgi;
  uwsgi_temp_path ${dir}/tmp-uwsgi;
  scgi_temp_path ${dir}/tmp-scgi;
  server {
    listen 127.0.0.1:${port};
    root ${dir}/www;
    location / { default_type text/html; try_files /lesson.html =404; }
  }
}
`;
  fs.writeFileSync(path.join(dir, 'nginx.conf'), conf);
  const nginx = nginxBinary();
  log(`starting nginx (${dir}) on 127.0.0.1:${port}`);
  start('nginx', nginx, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')]);
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/`, 15_000);
  const check = await fetch(`${url}/`);
  if (!check.ok || (await check.text()) !== html) throw new Error(`nginx does not serve the saved page (HTTP ${check.status}); see ${dir}/error.log`);
  return url;
}

async function load(url: string): Promise<CannonResult> {
  return autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, timeout: 10 });
}

/** Sign in as the demo admin through next-auth's credentials flow; returns the Cookie header. */
async function adminCookie(base: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  keep(csrfRes);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie() },
    body: new URLSearchParams({ csrfToken, email: 'admin@layerlab.test', password: 'layerlab', json: 'true' }),
  });
  keep(res);
  if (![...jar.keys()].some((k) => k.includes('session-token'))) throw new Error('could not sign in as admin@layerlab.test (demo data seeded?)');
  return cookie();
}

/** Upsert a small lesson twice; how long after the second POST returns until the page shows it. */
async function freshness(base: string): Promise<{ postMs: number; visibleMs: number }> {
  const cookie = await adminCookie(base);
  const doc = (text: string) =>
    ['---', 'title: "Benchmark freshness"', 'slug: "bench-freshness"', 'categoryPath: ["Docker", "Benchmarks"]', 'authorNick: "bench"', 'createdAt: "2026-01-01"', 'updateMode: "upsert"', '---', text, ''].join('\n');
  const post = (text: string) =>
    fetch(`${base}/api/admin/lessons`, { method: 'POST', headers: { 'Content-Type': 'text/markdown', Cookie: cookie }, body: doc(text) });
  await post(`Warm-up ${Date.now()}.`);
  await fetch(`${base}/lessons/bench-freshness`);
  await fetch(`${base}/lessons/bench-freshness`);
  const marker = `Updated ${Date.now()}.`;
  const t0 = Date.now();
  const res = await post(marker);
  if (!res.ok) throw new Error(`upsert answered HTTP ${res.status}: ${await res.text()}`);
  const postMs = Date.now() - t0;
  const t1 = Date.now();
  while (Date.now() - t1 < 10_000) {
    if ((await (await fetch(`${base}/lessons/bench-freshness`)).text()).includes(marker)) return { postMs, visibleMs: Date.now() - t1 };
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('the upsert did not show on the page within 10 s');
}

const fmt = (n: number, d = 0) => n.toFixed(d);

async function main(): Promise<void> {
  process.on('SIGINT', () => {
    stopAll();
    process.exit(130);
  });
  // The platform's front door (the edge, as `npm start` serves it), and next start alone for comparison.
  const given = arg('--url') ?? process.env.LAYERLAB_BENCH_URL;
  const started = given ? undefined : await startPlatformWeb();
  const base = given ?? started!.edge;
  const pageUrl = `${base}${LESSON_PATH}`;
  const first = await fetch(pageUrl);
  if (!first.ok) throw new Error(`${pageUrl} answered HTTP ${first.status} (is the seed lesson there? npm run db:seed)`);
  const html = await first.text();
  const again = await fetch(pageUrl);
  await again.text();
  log(`lesson page: ${html.length} bytes, x-edge-cache: ${again.headers.get('x-edge-cache') ?? '(none)'}, x-nextjs-cache: ${again.headers.get('x-nextjs-cache') ?? '(none)'}`);

  const nginxUrl = await startNginx(html);
  log(`${CONNECTIONS} connections, ${DURATION_S} s each: nginx, then the lesson page${started ? ', then next start alone' : ''}`);
  const ng = await load(`${nginxUrl}/`);
  const nx = await load(pageUrl);
  const direct = started ? await load(`${started.next}${LESSON_PATH}`) : undefined;
  const fresh = await freshness(base);

  const row = (name: string, r: CannonResult) =>
    `| ${name.padEnd(22)} | ${fmt(r.requests.average).padStart(7)} | ${fmt(r.latency.p50).padStart(7)} | ${fmt(r.latency.p99).padStart(7)} | ${String(r.errors + r.timeouts + r.non2xx).padStart(6)} |`;
  const lines = [
    `Lesson page benchmark (${new Date().toISOString()}, ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}; ${CONNECTIONS} connections, ${DURATION_S} s each, autocannon)`,
    '',
    '| target                 |   req/s | p50 ms  | p99 ms  | errors |',
    '|------------------------|--------:|--------:|--------:|-------:|',
    row('nginx (same HTML file)', ng),
    row('lesson page (platform)', nx),
    ...(direct ? [row('next start alone', direct)] : []),
    '',
    `ratios: p50 lesson page/nginx ${(nx.latency.p50 / Math.max(ng.latency.p50, 1)).toFixed(2)}x (target <= 3x) · p99 ${(nx.latency.p99 / Math.max(ng.latency.p99, 1)).toFixed(2)}x · req/s nginx/lesson page ${(ng.requests.average / Math.max(nx.requests.average, 1)).toFixed(2)}x${direct ? ` · p50 next start alone/nginx ${(direct.latency.p50 / Math.max(ng.latency.p50, 1)).toFixed(2)}x` : ''}`,
    `upsert → visible: POST took ${fresh.postMs} ms, the page showed the change ${fresh.visibleMs} ms after it returned (target < 1000 ms)`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (process.argv.includes('--write')) {
    const file = path.resolve('docs/benchmarks.md');
    const marker = '<!-- bench:lessons -->';
    const doc = fs.readFileSync(file, 'utf8');
    const block = `${marker}\n${lines.join('\n')}\n${marker}`;
    const next = doc.includes(marker) ? doc.replace(new RegExp(`${marker}[\\s\\S]*${marker}`), block) : `${doc.trimEnd()}\n\n## Lesson pages (npm run bench:lessons)\n\n${block}\n`;
    fs.writeFileSync(file, next);
    log(`recorded in ${path.relative(process.cwd(), file)}`);
  }
}

const finish = (code: number) => {
  stopAll();
  setTimeout(() => process.exit(code), 300); // let the temp dirs go
};
main()
  .then(() => finish(0))
  .catch((e) => {
    log(`failed: ${(e as Error).message}`);
    finish(1);
  });
