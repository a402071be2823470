/**
 * Packs a build context (in-memory files) into a tar for the Engine API, applying .dockerignore the
 * way the classic builder's client (Debian's docker.io 20.10 `docker build`) does — the daemon does
 * not: the client must. The rules are in dockerignore.ts. Sizes are counted and capped here, so an
 * oversized context never reaches the daemon.
 */
import tar from 'tar-stream';
import { LIMITS, type ContextFiles } from '../context';
import type { BuildContextSummary } from '../checks/types';
import { readDockerignore, selectContext, type ContextSelection } from '../../lib/dockerfile/dockerignore';

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

function selection(files: ContextFiles): ContextSelection {
  return selectContext([...files.keys()], files.get('.dockerignore'));
}

/**
 * Which files the client sends (`keep`, sorted; the Dockerfile and .dockerignore always among them)
 * and which .dockerignore leaves out.
 */
export function selectContextFiles(files: ContextFiles): { keep: string[]; ignored: string[] } {
  const s = selection(files);
  return { keep: [...s.files].sort(), ignored: s.ignored };
}

/**
 * The context as the tar the Engine API receives (the client's selection and order, fixed mtime,
 * root-owned). Throws ContextTooLargeError past `caps` (files sent, or bytes).
 */
export async function packContext(
  files: ContextFiles,
  caps: { maxFiles: number; maxBytes: number } = { maxFiles: LIMITS.maxContextFiles, maxBytes: LIMITS.maxContextBytes },
): Promise<PackedContext> {
  const sel = selection(files);
  const keep = sel.files;
  const ignored = sel.ignored;
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
  let bytes = 0;
  // In the client's order: a folder entry before what it holds; a folder whose own entry is left out
  // (excluded, but a `!` pattern re-includes something in it) is created by the engine when it unpacks.
  for (const { path: p, dir } of sel.entries) {
    if (dir) {
      pack.entry({ name: `${p}/`, type: 'directory', mode: 0o755, mtime: MTIME, uid: 0, gid: 0 });
      continue;
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

/**
 * What a build sends to the engine (the same selection packContext makes), with sizes, and the
 * .dockerignore lines worth pointing at (an inline `#`, a lone `!`).
 */
export function summarizeContext(files: ContextFiles): BuildContextSummary {
  const { keep, ignored } = selectContextFiles(files);
  const sent = keep.map((p) => ({ path: p, bytes: Buffer.byteLength(files.get(p) ?? '', 'utf8') }));
  const summary: BuildContextSummary = { sent, ignored, files: sent.length, bytes: sent.reduce((s, f) => s + f.bytes, 0) };
  const di = files.get('.dockerignore');
  if (di !== undefined) {
    const { notes, errors } = readDockerignore(di);
    if (notes.length || errors.length) summary.dockerignore = { notes, errors };
  }
  return summary;
}
