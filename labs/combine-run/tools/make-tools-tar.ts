/**
 * Builds labs/combine-run/starter/tools.tar from labs/combine-run/tools/layertools/ — deterministic
 * (fixed mtime, owner root, sorted entries) and pure ASCII, so the archive survives the grader's
 * text-only starter files byte for byte. Run: npx tsx labs/combine-run/tools/make-tools-tar.ts
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import tar from 'tar-stream';

const HERE = path.dirname(new URL(import.meta.url).pathname);
export const TOOLS_SRC = path.join(HERE, 'layertools');
export const TOOLS_TAR = path.join(HERE, '..', 'starter', 'tools.tar');
const MTIME = new Date('2024-01-01T00:00:00Z');

export async function makeToolsTar(): Promise<Buffer> {
  const files: string[] = [];
  const walk = async (dir: string, rel: string) => {
    for (const e of (await fs.readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        files.push(`${r}/`);
        await walk(path.join(dir, e.name), r);
      } else files.push(r);
    }
  };
  files.push('layertools/');
  await walk(TOOLS_SRC, 'layertools');
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (c: unknown) => chunks.push(c as Buffer));
  const done = new Promise<void>((resolve, reject) => {
    pack.on('end', () => resolve());
    pack.on('error', reject);
  });
  for (const f of files) {
    const common = { mtime: MTIME, uid: 0, gid: 0, uname: 'root', gname: 'root' };
    if (f.endsWith('/')) pack.entry({ ...common, name: f, type: 'directory', mode: 0o755 });
    else {
      const data = await fs.readFile(path.join(TOOLS_SRC, f.slice('layertools/'.length)));
      const exec = f.endsWith('.sh') || f.includes('/bin/');
      pack.entry({ ...common, name: f, type: 'file', mode: exec ? 0o755 : 0o644, size: data.length }, data);
    }
  }
  pack.finalize();
  await done;
  const out = Buffer.concat(chunks);
  const bad = out.findIndex((b) => b > 0x7f);
  if (bad >= 0) throw new Error(`tools.tar must be ASCII (byte ${bad} is 0x${out[bad].toString(16)})`);
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  makeToolsTar().then(async (buf) => {
    await fs.writeFile(TOOLS_TAR, buf);
    console.log(`${path.relative(process.cwd(), TOOLS_TAR)}: ${buf.length} bytes`);
  });
}
