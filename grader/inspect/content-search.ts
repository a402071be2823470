/**
 * Searching layer contents for byte strings (needles), while the image archive streams by: the
 * secret check's "is this grade's token in any file of any layer (deleted ones included)?" answered
 * by the grade's ONE image read (inspect/analysis.ts), not by a `docker save` of its own.
 */
import type { ContentHook, ImageModel } from './image-archive';

/** A file of a layer holding a needle: `layer` is the layer tar read (ImageLayer.tarPath ?? source). */
export interface ContentHit {
  layer: string;
  path: string;
}

/**
 * Finds a needle in streamed file chunks, across chunk boundaries (pure). Feed the chunks of each
 * file in order; a new (layer, path) starts a new file. A file is reported once however often it
 * holds the needle.
 */
export class NeedleScanner {
  private readonly needle: Buffer;
  private key = '';
  private tail = Buffer.alloc(0);
  private hitThisFile = false;
  readonly hits: ContentHit[] = [];
  bytesScanned = 0;
  filesScanned = 0;

  constructor(needle: string) {
    this.needle = Buffer.from(needle, 'utf8');
  }

  push(layer: string, path: string, chunk: Buffer): void {
    const key = `${layer}\0${path}`;
    if (key !== this.key) {
      this.key = key;
      this.tail = Buffer.alloc(0);
      this.hitThisFile = false;
      this.filesScanned++;
    }
    this.bytesScanned += chunk.length;
    if (this.hitThisFile) return;
    const hay = this.tail.length ? Buffer.concat([this.tail, chunk]) : chunk;
    if (hay.indexOf(this.needle) >= 0) {
      this.hitThisFile = true;
      this.hits.push({ layer, path });
      return;
    }
    const keep = Math.min(hay.length, this.needle.length - 1);
    this.tail = Buffer.from(hay.subarray(hay.length - keep));
  }
}

/** The result of searching one image for one needle. */
export interface NeedleResult {
  /** Files holding the needle, in this image's layers only. */
  hits: ContentHit[];
  /** Regular files of this image's layers whose contents were searched (deleted-later ones included). */
  filesScanned: number;
}

/**
 * Several needles searched in one pass over a save archive of one or more images. `hook` is the
 * ContentHook to give the archive reader; `resultsFor(model)` then keeps, per needle, the hits in
 * that image's layers (a layer shared by several images is read, and searched, once).
 */
export class ContentSearch {
  private readonly scanners: Map<string, NeedleScanner>;
  /** Files seen per layer tar (for `filesScanned`). */
  private readonly filesPerLayer = new Map<string, Set<string>>();

  constructor(needles: readonly string[]) {
    this.scanners = new Map(needles.filter((n) => n.length > 0).map((n) => [n, new NeedleScanner(n)]));
  }

  get empty(): boolean {
    return this.scanners.size === 0;
  }

  readonly hook: ContentHook = (path, chunk, info) => {
    if (info.offset === 0) {
      let files = this.filesPerLayer.get(info.layer);
      if (!files) this.filesPerLayer.set(info.layer, (files = new Set()));
      files.add(path);
    }
    for (const s of this.scanners.values()) s.push(info.layer, path, chunk);
  };

  /** Per needle, what this image's layers hold (pure over the search done so far). */
  resultsFor(model: Pick<ImageModel, 'layers'>): Map<string, NeedleResult> {
    const tars = new Set(model.layers.map((l) => l.tarPath ?? l.source));
    let filesScanned = 0;
    for (const t of tars) filesScanned += this.filesPerLayer.get(t)?.size ?? 0;
    const out = new Map<string, NeedleResult>();
    for (const [needle, s] of this.scanners) out.set(needle, { hits: s.hits.filter((h) => tars.has(h.layer)), filesScanned });
    return out;
  }
}
