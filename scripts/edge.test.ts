import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { edgeCacheDir, edgeConfig, nginxBinary } from './edge';

describe('edge config', () => {
  const dir = '/tmp/layerlab-edge-test';
  it('listens on 127.0.0.1 only and caches only lesson pages, never per-visitor responses', () => {
    const conf = edgeConfig({ dir, listenPort: 3000, upstreamPort: 41000, cacheLessons: true });
    expect(conf.match(/listen\s+[^;]+;/g)).toEqual(['listen 127.0.0.1:3000;']);
    expect(conf).toContain('server 127.0.0.1:41000');
    expect(conf).toMatch(/location \/lessons \{[^}]*proxy_cache lessons;/);
    expect(conf).toContain(`proxy_cache_path ${edgeCacheDir(dir)} `);
    expect(conf).toMatch(/proxy_no_cache \$edge_uncacheable;/);
    expect(conf.match(/proxy_cache lessons;/g)).toHaveLength(1);
  });

  it('caches nothing when reading needs a sign-in', () => {
    expect(edgeConfig({ dir, listenPort: 3000, upstreamPort: 41000, cacheLessons: false })).not.toContain('proxy_cache lessons;');
  });

  it('is accepted by nginx -t', () => {
    const bin = nginxBinary();
    if (!fs.existsSync(bin)) return expect.fail(`${bin} is missing: scripts/setup/system-packages.sh installs nginx`);
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'edge-conf-'));
    fs.writeFileSync(path.join(d, 'nginx.conf'), edgeConfig({ dir: d, listenPort: 3999, upstreamPort: 41000, cacheLessons: true }));
    const r = spawnSync(bin, ['-t', '-p', d, '-c', path.join(d, 'nginx.conf'), '-e', path.join(d, 'error.log')], { encoding: 'utf8' });
    fs.rmSync(d, { recursive: true, force: true });
    expect(r.status, r.stderr).toBe(0);
  });
});
