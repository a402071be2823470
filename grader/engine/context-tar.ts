/**
 * Packs a build context (in-memory files) into a tar for the Engine API, applying .dockerignore the
 * way the Docker CLI does (the daemon does not: the client must). Sizes are counted and capped here,
 * so an oversized context never reaches the daemon.
 */
import ignore from '@balena/dockerignore';
import tar from 'tar-stream';
import { LIMITS, type ContextFiles } from '../context';

export class ContextTooLargeError extends Error {}

export interface PackedContext {
  tar: Buffer;
  files: number;
  bytes: number;
  /** Files left out by .dockerignore. */
  ignored: string[];
}

/** Fixed mtime: the context is reproducible (the classic builder's COPY cache ignores mtimes anyway). */
const MTIME = new Date('2024-01-01T00:00:00Z');

export function selectContextFiles(files: ContextFiles): { keep: string[]; ignored: string[] } {
  const all = [...files.keys()].sort();
  const di = files.get('.dockerignore');
  if (di === undefined) return { keep: all, ignored: [] };
  const ig = ignore({ ignorecase: false }).add(di);
  const keep: string[] = [];
  const ignored: string[] = [];
  for (const p of all) {
    // Like the Docker CLI, the Dockerfile and .dockerignore are always sent (the daemon needs them).
    if (p === 'Dockerfile' || p === '.dockerignore' || !ig.ignores(p)) keep.push(p);
    else ignored.push(p);
  }
  return { keep, ignored };
}

export async function packContext(
  files: ContextFiles,
  caps: { maxFiles: number; maxBytes: number } = { maxFiles: LIMITS.maxContextFiles, maxBytes: LIMITS.maxContextBytes },
): Promise<PackedContext> {
  const { keep, ignored } = selectContextFiles(files);
  if (keep.length > caps.maxFiles) throw new ContextTooLargeError(`build context has ${keep.length} files (at most ${caps.maxFiles})`);
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  let packedBytes = 0;
  const done = new Promise<void>((resolve, reject) => {
    pack.on('data', (data: unknown) => {
      const c = data as Buffer;
      packedBytes += c.length;
      if (packedBytes > caps.maxBytes + 1024 * 1024) {
        pack.destroy(new ContextTooLargeError(`build context exceeds ${caps.maxBytes} bytes`));
        return;
      }
      chunks.push(c);
    });
    pack.on('end', resolve);
    pack.on('error', reject);
  });
  const dirs = new Set<string>();
  let bytes = 0;
  for (const p of keep) {
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++) {
      const d = parts.slice(0, i).join('/');
      if (!dirs.has(d)) {
        dirs.add(d);
        pack.entry({ name: `${d}/`, type: 'directory', mode: 0o755, mtime: MTIME, uid: 0, gid: 0 });
      }
    }
    const data = Buffer.from(files.get(p) ?? '', 'utf8');
    bytes += data.length;
    if (bytes > caps.maxBytes) {
      pack.destroy();
      throw new ContextTooLargeError(`build context exceeds ${caps.maxBytes} bytes`);
    }
    pack.entry({ name: p, type: 'file', mode: 0o644, mtime: MTIME, uid: 0, gid: 0, size: data.length }, data);
  }
  pack.finalize();
  await done;
  return { tar: Buffer.concat(chunks), files: keep.length, bytes, ignored };
}

/** What a build sends to the engine (the same selection packContext makes), with sizes. */
export function summarizeContext(files: ContextFiles): { sent: { path: string; bytes: number }[]; ignored: string[]; files: number; bytes: number } {
  const { keep, ignored } = selectContextFiles(files);
  const sent = keep.map((p) => ({ path: p, bytes: Buffer.byteLength(files.get(p) ?? '', 'utf8') }));
  return { sent, ignored, files: sent.length, bytes: sent.reduce((s, f) => s + f.bytes, 0) };
}
