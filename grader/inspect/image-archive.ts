/**
 * Reading an image, the dive way (step 1 of 3: read the archive → analyse the file tree
 * (inspect/file-tree.ts) → attribute layers to Dockerfile steps (inspect/attribution.ts); the three
 * meet once per build in inspect/analysis.ts).
 *
 * `readImageModel`: the `docker save` archive (`docker.getImage(id).get()`) is streamed, never
 * buffered: it holds `manifest.json` (layer order), the image config (history, env, labels) and one
 * tar per layer (`<id>/layer.tar` in Docker's legacy format, `blobs/sha256/<digest>` in the OCI
 * layout of newer engines; a layer shared twice may be a symlink to the other copy; gzip is accepted).
 * Each layer tar is parsed on the fly keeping only the entry HEADERS (path, size, type, mode) and the
 * whiteouts (`.wh.<name>` deletes `<name>` from lower layers, `.wh..wh..opq` hides a directory's lower
 * content). File contents are skipped unless a content hook asks for them (`scanLayerContents`).
 * Images are 300+ MB; memory stays proportional to the number of files.
 *
 * Layers ↔ history: the config's `history` lists one entry per instruction; entries with
 * `empty_layer` (ENV, WORKDIR, CMD, … in `#(nop)` form) have no tar; every other entry owns the next
 * layer of `rootfs.diff_ids`/`manifest.Layers`, in order.
 */
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import path from 'node:path';
import tar from 'tar-stream';
import { OUTPUT_CAPS } from '../../lib/grading/limits';

export type LayerFileType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';

export interface LayerFile {
  /** Absolute, normalised (`/app/hello.txt`; directories without a trailing slash). */
  path: string;
  /** Bytes of content (0 for directories, links and special files). */
  size: number;
  type: LayerFileType;
  /** Permission bits (e.g. 0o755). */
  mode: number;
  /** Target of a symlink / hardlink. */
  linkname?: string;
}

export interface Whiteout {
  /** The path hidden from lower layers: `<dir>/<name>` for `.wh.<name>`, the directory for an opaque whiteout. */
  path: string;
  /** `.wh..wh..opq`: everything lower layers had UNDER `path` is hidden (the directory itself stays). */
  opaque: boolean;
}

export interface ImageLayer {
  /** 0-based position in the image (0 = the bottom layer of the base image). */
  index: number;
  /** Where the layer tar was in the save archive (`<id>/layer.tar`, `blobs/sha256/<hex>`). */
  source: string;
  /**
   * The layer tar actually read when `source` is a symlink to another copy (a layer repeated in one
   * image, or shared by the images of one save); content hooks name this path. Absent otherwise.
   */
  tarPath?: string;
  /** `rootfs.diff_ids[index]`, when the config has it. */
  diffId?: string;
  /** Index into `ImageModel.history` of the entry that created this layer, when known. */
  historyIndex?: number;
  /** Files, directories and links, in tar order (whiteout markers excluded). */
  files: LayerFile[];
  whiteouts: Whiteout[];
  /** Sum of the sizes of the regular files (what `docker history` reports, give or take links). */
  size: number;
}

export interface ModelHistoryEntry {
  index: number;
  /** `created_by` as recorded (e.g. `/bin/sh -c #(nop) WORKDIR /app`); '' when absent (imported base). */
  createdBy: string;
  created?: string;
  comment?: string;
  /** No layer (metadata-only instruction). */
  emptyLayer: boolean;
  /** The layer this entry created (undefined for empty entries). */
  layerIndex?: number;
}

/** The parts of the image config JSON the grader reads (the rest is kept in `raw`). */
export interface ImageConfigInfo {
  env: string[];
  labels: Record<string, string>;
  cmd?: string[];
  entrypoint?: string[];
  workingDir?: string;
  user?: string;
  exposedPorts: string[];
  raw: Record<string, unknown>;
}

export interface ImageModel {
  /** The image id (`sha256:<hex>`, the digest of its config), when the archive names the config by it. */
  id?: string;
  /** Oldest first. */
  history: ModelHistoryEntry[];
  /** Bottom first. */
  layers: ImageLayer[];
  config: ImageConfigInfo;
  repoTags: string[];
}

/* ------------------------------------------------------------------------------------------------
 * Reading a `docker save` stream
 * ---------------------------------------------------------------------------------------------- */

/** A `docker save` stream, something that returns one (dockerode's `Image` has `get()`), or a factory. */
export type ImageSource =
  | NodeJS.ReadableStream
  | { get(): Promise<NodeJS.ReadableStream> }
  | (() => Promise<NodeJS.ReadableStream>);

export interface ContentChunkInfo {
  /** The layer tar in the save archive (`ImageLayer.source`); layer indexes are only known at the end. */
  layer: string;
  file: LayerFile;
  /** Byte offset of `chunk` within the file. */
  offset: number;
}

/** Called for every chunk of every regular file, in order; may be async (backpressure is honoured). */
export type ContentHook = (path: string, chunk: Buffer, info: ContentChunkInfo) => void | Promise<void>;

export interface ReadImageOptions {
  /** Scan file contents (e.g. for a secret). Without it, contents are skipped, headers only. */
  onContent?: ContentHook;
  /** Only files for which this returns true are passed to `onContent` (default: all regular files). */
  wantContent?: (file: LayerFile, layer: string) => boolean;
}

export class ImageArchiveError extends Error {}

const JSON_BUFFER_LIMIT = OUTPUT_CAPS.imageArchiveJsonBytes;

async function openSource(source: ImageSource): Promise<NodeJS.ReadableStream> {
  if (typeof source === 'function') return source();
  if ('get' in source && typeof (source as { get?: unknown }).get === 'function' && !('pipe' in source)) {
    return (source as { get(): Promise<NodeJS.ReadableStream> }).get();
  }
  return source as NodeJS.ReadableStream;
}

interface ParsedLayer {
  files: LayerFile[];
  whiteouts: Whiteout[];
  size: number;
}

/** Normalise a tar entry name to an absolute path without trailing slash. */
export function normaliseEntryPath(name: string): string {
  const p = path.posix.normalize(`/${name}`);
  return p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p;
}

function fileType(t: string | null | undefined): LayerFileType {
  switch (t) {
    case 'file':
    case 'contiguous-file':
      return 'file';
    case 'directory':
      return 'directory';
    case 'symlink':
      return 'symlink';
    case 'link':
      return 'hardlink';
    default:
      return 'other';
  }
}

/** Feed an async iterable of chunks into a writable, honouring backpressure. */
async function feed(chunks: AsyncIterable<Buffer>, sink: NodeJS.WritableStream & { destroyed?: boolean }): Promise<void> {
  for await (const chunk of chunks) {
    if (sink.destroyed) return;
    if (!sink.write(chunk)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          sink.removeListener('drain', done);
          sink.removeListener('close', done);
          resolve();
        };
        sink.once('drain', done);
        sink.once('close', done);
      });
    }
  }
  sink.end();
}

async function* prefixed(head: Buffer, rest: AsyncIterator<Buffer>, restDone: boolean): AsyncGenerator<Buffer> {
  if (head.length) yield head;
  if (restDone) return;
  while (true) {
    const r = await rest.next();
    if (r.done) return;
    yield r.value;
  }
}

async function drain(it: AsyncIterator<Buffer>): Promise<void> {
  while (!(await it.next()).done) {
    /* skip */
  }
}

/** Parse one layer tar (headers only, unless contents are wanted). */
async function parseLayerTar(chunks: AsyncIterable<Buffer>, gzip: boolean, layer: string, opts: ReadImageOptions): Promise<ParsedLayer> {
  const extract = tar.extract();
  const out: ParsedLayer = { files: [], whiteouts: [], size: 0 };
  let source: AsyncIterable<Buffer> = chunks;
  if (gzip) {
    const gunzip = createGunzip();
    Readable.from(chunks).pipe(gunzip);
    source = gunzip as unknown as AsyncIterable<Buffer>;
  }
  const feeding = feed(source, extract as unknown as NodeJS.WritableStream).catch((err: Error) => {
    (extract as unknown as { destroy(e?: Error): void }).destroy(err);
  });
  for await (const entry of extract) {
    const h = entry.header;
    const full = normaliseEntryPath(h.name);
    const base = path.posix.basename(full);
    if (base.startsWith('.wh.')) {
      const dir = path.posix.dirname(full);
      if (base === '.wh..wh..opq') out.whiteouts.push({ path: dir, opaque: true });
      else if (!base.startsWith('.wh..wh.')) out.whiteouts.push({ path: path.posix.join(dir, base.slice(4)), opaque: false });
      // other `.wh..wh.*` names are aufs bookkeeping: ignored.
      entry.resume();
      continue;
    }
    const type = fileType(h.type);
    const file: LayerFile = { path: full, size: type === 'file' ? h.size ?? 0 : 0, type, mode: (h.mode ?? 0) & 0o7777 };
    if (h.linkname) file.linkname = type === 'hardlink' ? normaliseEntryPath(h.linkname) : h.linkname;
    if (full === '/' && type === 'directory') {
      entry.resume();
      continue;
    }
    out.files.push(file);
    out.size += file.size;
    if (type === 'file' && opts.onContent && file.size > 0 && (opts.wantContent?.(file, layer) ?? true)) {
      let offset = 0;
      for await (const chunk of entry as AsyncIterable<Buffer>) {
        await opts.onContent(full, chunk, { layer, file, offset });
        offset += chunk.length;
      }
    } else {
      entry.resume();
    }
  }
  await feeding;
  return out;
}

const isTarHeader = (b: Buffer) => b.length >= 262 && b.toString('latin1', 257, 262) === 'ustar';
const isGzip = (b: Buffer) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

/**
 * Build the image model from a `docker save` stream of ONE image (the first of the archive's
 * manifest). Layers are parsed as they stream by, headers only; JSON documents (manifest, config)
 * are buffered (they are small).
 */
export async function readImageModel(source: ImageSource, opts: ReadImageOptions = {}): Promise<ImageModel> {
  return (await readImageModels(source, opts))[0];
}

/**
 * The models of EVERY image in a `docker save` stream of several images (`GET /images/get?names=a&names=b`,
 * `docker save a b`), in manifest order. A layer the images share is in the archive once (Docker writes
 * each layer once per save), so it is parsed once and the models share its `ImageLayer.files`.
 * Throws ImageArchiveError when the archive has no usable manifest or lacks an image's config.
 */
export async function readImageModels(source: ImageSource, opts: ReadImageOptions = {}): Promise<ImageModel[]> {
  const stream = await openSource(source);
  const outer = tar.extract();
  const layers = new Map<string, ParsedLayer>();
  const small = new Map<string, Buffer>();
  const links = new Map<string, string>();
  const feeding = feed(stream as unknown as AsyncIterable<Buffer>, outer as unknown as NodeJS.WritableStream).catch((err: Error) => {
    (outer as unknown as { destroy(e?: Error): void }).destroy(err);
  });
  for await (const entry of outer) {
    const h = entry.header;
    const name = h.name.replace(/^\.\//, '');
    if (h.type === 'symlink' && h.linkname) {
      links.set(name, path.posix.normalize(path.posix.join(path.posix.dirname(name), h.linkname)));
      entry.resume();
    } else if (h.type !== 'file' && h.type !== 'contiguous-file') {
      entry.resume();
    } else {
      await readArchiveFile(name, h.size ?? 0, entry as AsyncIterable<Buffer>, { layers, small }, opts);
    }
  }
  await feeding;
  return assembleModels(layers, small, links);
}

/** One regular file of the save archive: a layer tar (parsed) or a small JSON document (kept). */
async function readArchiveFile(
  name: string,
  size: number,
  entry: AsyncIterable<Buffer>,
  into: { layers: Map<string, ParsedLayer>; small: Map<string, Buffer> },
  opts: ReadImageOptions,
): Promise<void> {
  const it = entry[Symbol.asyncIterator]();
  let head: Buffer = Buffer.alloc(0);
  let done = false;
  while (head.length < 512) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    head = head.length ? Buffer.concat([head, r.value]) : r.value;
  }
  if (isTarHeader(head) || isGzip(head)) {
    into.layers.set(name, await parseLayerTar(prefixed(head, it, done), isGzip(head), name, opts));
  } else if (size <= JSON_BUFFER_LIMIT) {
    const parts: Buffer[] = [head];
    if (!done) for await (const c of prefixed(Buffer.alloc(0), it, false)) parts.push(c);
    into.small.set(name, Buffer.concat(parts));
  } else if (!done) {
    await drain(it);
  }
}

function parseJson(buf: Buffer | undefined): unknown {
  if (!buf) return undefined;
  try {
    return JSON.parse(buf.toString('utf8'));
  } catch {
    return undefined;
  }
}

type ManifestEntry = { Config?: string; Layers?: string[]; RepoTags?: string[] | null };

function assembleModels(layers: Map<string, ParsedLayer>, small: Map<string, Buffer>, links: Map<string, string>): ImageModel[] {
  const manifest = parseJson(small.get('manifest.json')) as ManifestEntry[] | undefined;
  if (!Array.isArray(manifest) || manifest.length === 0 || manifest.some((m) => !m?.Config || !Array.isArray(m.Layers))) {
    throw new ImageArchiveError('the image archive has no usable manifest.json');
  }
  const resolve = (p: string): string => {
    let cur = p;
    for (let i = 0; i < 8 && links.has(cur); i++) cur = links.get(cur)!;
    return cur;
  };
  return manifest.map((m) => assembleModel(m, layers, small, resolve));
}

/** The image id a save archive's config path encodes: `<hex>.json` (Docker's legacy layout) or `blobs/sha256/<hex>` (OCI). */
export function imageIdOfConfigPath(configPath: string): string | undefined {
  const hex = /(?:^|\/)([0-9a-f]{64})(?:\.json)?$/.exec(configPath)?.[1];
  return hex ? `sha256:${hex}` : undefined;
}

function assembleModel(m: ManifestEntry, layers: Map<string, ParsedLayer>, small: Map<string, Buffer>, resolve: (p: string) => string): ImageModel {
  const config = parseJson(small.get(resolve(m.Config!))) as RawConfig | undefined;
  if (!config || typeof config !== 'object') throw new ImageArchiveError(`the image archive lacks its config ${m.Config}`);
  const diffIds = config.rootfs?.diff_ids ?? [];
  const imageLayers: ImageLayer[] = m.Layers!.map((source, index) => {
    const tarPath = resolve(source);
    const parsed = layers.get(tarPath);
    // A layer that is not a tar (an empty layer is 1024 zero bytes) has no entries.
    const layer: ImageLayer = { index, source, diffId: diffIds[index], files: parsed?.files ?? [], whiteouts: parsed?.whiteouts ?? [], size: parsed?.size ?? 0 };
    if (tarPath !== source) layer.tarPath = tarPath;
    return layer;
  });
  const rawHistory = Array.isArray(config.history) ? config.history : [];
  const history: ModelHistoryEntry[] = [];
  let next = 0;
  rawHistory.forEach((h, index) => {
    const entry: ModelHistoryEntry = {
      index,
      createdBy: h.created_by ?? '',
      created: h.created,
      comment: h.comment,
      emptyLayer: Boolean(h.empty_layer),
    };
    if (!entry.emptyLayer && next < imageLayers.length) {
      entry.layerIndex = next;
      imageLayers[next].historyIndex = index;
      next++;
    }
    history.push(entry);
  });
  // Layers without a history entry (a hand-made image): give each one a synthetic entry.
  for (; next < imageLayers.length; next++) {
    const index = history.length;
    history.push({ index, createdBy: '', emptyLayer: false, layerIndex: next });
    imageLayers[next].historyIndex = index;
  }
  const c = config.config ?? {};
  return {
    id: imageIdOfConfigPath(m.Config!),
    history,
    layers: imageLayers,
    config: {
      env: Array.isArray(c.Env) ? c.Env : [],
      labels: c.Labels && typeof c.Labels === 'object' ? c.Labels : {},
      cmd: Array.isArray(c.Cmd) ? c.Cmd : undefined,
      entrypoint: Array.isArray(c.Entrypoint) ? c.Entrypoint : undefined,
      workingDir: c.WorkingDir || undefined,
      user: c.User || undefined,
      exposedPorts: Object.keys(c.ExposedPorts ?? {}),
      raw: config as unknown as Record<string, unknown>,
    },
    repoTags: m.RepoTags ?? [],
  };
}

interface RawConfig {
  config?: {
    Env?: string[];
    Labels?: Record<string, string> | null;
    Cmd?: string[] | null;
    Entrypoint?: string[] | null;
    WorkingDir?: string;
    User?: string;
    ExposedPorts?: Record<string, unknown> | null;
  };
  rootfs?: { diff_ids?: string[] };
  history?: { created?: string; created_by?: string; comment?: string; empty_layer?: boolean }[];
}

/**
 * Stream every regular file's content of every layer of an image to `onChunk` (for content searches,
 * e.g. a leaked secret). Deleted-later files are included: they are still in their layer.
 * `image`: a dockerode `Image` (`docker.getImage(id)`), a save stream, or a factory.
 * Returns the image model (config included: env, labels, history), read in the same pass.
 */
export function scanLayerContents(
  image: ImageSource,
  onChunk: ContentHook,
  wantContent?: ReadImageOptions['wantContent'],
): Promise<ImageModel> {
  return readImageModel(image, { onContent: onChunk, wantContent });
}
