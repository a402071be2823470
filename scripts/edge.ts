/**
 * The edge in front of the web app: Debian's nginx on the public port (127.0.0.1 only), proxying to
 * `next start` on an internal port, with a one-second microcache for the lesson pages.
 *
 * Why: a lesson page is the same HTML for every visitor (the per-user header and lab scores load in
 * the browser from /api/me), and Next answers even a page from its own cache at a few hundred
 * requests a second on this machine. nginx keeps the page for a short while (`proxy_cache_valid`)
 * and asks Next again with one request at a time (`proxy_cache_lock`): readers get nginx speed. Every
 * lesson write revalidates Next's cache AND empties this one (lib/content/revalidate.ts
 * `purgeEdgeCache`, through LAYERLAB_EDGE_CACHE_DIR), so an upsert shows on the next request; the
 * short validity only bounds a page that raced with a write. Everything else passes straight through.
 * With `LAYERLAB_REQUIRE_SIGN_IN` the pages depend on the visitor, so nothing is cached.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export interface EdgeOptions {
  /** Where nginx keeps its config, pid, logs, temp files and cache (created; must be writable). */
  dir: string;
  /** The public port (127.0.0.1). */
  listenPort: number;
  /** Where `next start` listens (127.0.0.1). */
  upstreamPort: number;
  /** Microcache lesson pages (false when reading needs a sign-in). */
  cacheLessons: boolean;
}

/** A free TCP port on 127.0.0.1 (the kernel's choice). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** The folder of the edge's lesson-page cache; the web app empties it on every lesson write (LAYERLAB_EDGE_CACHE_DIR). */
export function edgeCacheDir(dir: string): string {
  return path.join(dir, 'cache');
}

/** The nginx.conf of the edge (pure). */
export function edgeConfig(o: EdgeOptions): string {
  // `web` is the upstream block below (keep-alive connections to next start).
  const proxy = `
      proxy_pass http://web;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      # The client's socket address, overwriting whatever it sent (lib/http/client-address.ts).
      proxy_set_header X-Real-IP $remote_addr;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_read_timeout 600s;`;
  // The key holds every request header Next varies a page on (App Router RSC requests).
  const lessons = o.cacheLessons
    ? `
    location /lessons {${proxy}
      proxy_cache lessons;
      proxy_cache_methods GET HEAD;
      proxy_cache_key "$request_method|$request_uri|$http_rsc|$http_next_router_prefetch|$http_next_router_state_tree|$http_next_url";
      proxy_no_cache $edge_uncacheable;
      proxy_ignore_headers Cache-Control Expires;
      proxy_cache_valid 200 1s;
      proxy_cache_lock on;
      add_header X-Edge-Cache $upstream_cache_status always;
    }`
    : '';
  return `daemon off;
worker_processes 1;
pid ${o.dir}/nginx.pid;
error_log ${o.dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  server_tokens off;
  client_max_body_size 25m;
  client_body_temp_path ${o.dir}/tmp-body;
  proxy_temp_path ${o.dir}/tmp-proxy;
  fastcgi_temp_path ${o.dir}/tmp-fastcgi;
  uwsgi_temp_path ${o.dir}/tmp-uwsgi;
  scgi_temp_path ${o.dir}/tmp-scgi;
  proxy_cache_path ${edgeCacheDir(o.dir)} levels=1:2 keys_zone=lessons:10m max_size=200m inactive=10m use_temp_path=off;
  upstream web { server 127.0.0.1:${o.upstreamPort}; keepalive 32; }
  # A response Next marks as per-visitor (a dynamic render) is never stored, whatever its path.
  map $upstream_http_cache_control $edge_uncacheable { ~*(private|no-store|no-cache) 1; default 0; }
  server {
    listen 127.0.0.1:${o.listenPort};
    location / {${proxy}
    }${lessons}
  }
}
`;
}

/** Debian's nginx (scripts/setup/system-packages.sh installs it). */
export function nginxBinary(): string {
  return fs.existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx';
}

/**
 * Write the config and start nginx in the foreground as a child process (stop it with SIGTERM).
 * Throws when the config is refused (`nginx -t`), naming nginx's own message.
 */
export function startEdge(o: EdgeOptions, spawnChild: (cmd: string, args: string[]) => ChildProcess = defaultSpawn): ChildProcess {
  fs.mkdirSync(o.dir, { recursive: true, mode: 0o755 });
  // nginx's worker drops root: it must be able to enter the folder and write its temp and cache files,
  // so the folder and every folder above it up to the project get search (x) permission for others
  // (not read: nobody can list them). A data folder an older version made 0700 is fixed here.
  fs.chmodSync(o.dir, 0o755);
  for (let dir = path.dirname(o.dir); dir.startsWith(process.cwd() + path.sep); dir = path.dirname(dir)) {
    fs.chmodSync(dir, fs.statSync(dir).mode | 0o011);
  }
  const conf = path.join(o.dir, 'nginx.conf');
  fs.writeFileSync(conf, edgeConfig(o));
  const args = ['-p', o.dir, '-c', conf, '-e', path.join(o.dir, 'error.log')];
  const test = spawnSyncText(nginxBinary(), [...args, '-t']);
  if (test.status !== 0) throw new Error(`nginx refused the edge config: ${test.text.trim().split('\n').slice(-1)[0]}`);
  return spawnChild(nginxBinary(), args);
}

function defaultSpawn(cmd: string, args: string[]): ChildProcess {
  return spawn(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });
}

function spawnSyncText(cmd: string, args: string[]): { status: number | null; text: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return { status: r.status, text: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? r.error.message : ''}` };
}
