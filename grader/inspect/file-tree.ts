/**
 * The file tree of an image, analysed (pure, no engine; step 2 of 3, see inspect/image-archive.ts):
 * the final tree, the fate of every file a later layer deleted or overwrote, the wasted bytes as
 * dive defines them (and dive's efficiency score), and where a path appears in ANY layer.
 */
import type { ImageLayer, ImageModel, LayerFile } from './image-archive';

export interface TreeEntry {
  file: LayerFile;
  layerIndex: number;
}

export type Fate = { how: 'deleted' | 'overwritten'; byLayer: number; /** The whiteout's path (deleted) or the new entry (overwritten). */ via: string };

export interface LayerFates {
  /** The final file tree (what a container of the image sees). */
  tree: Map<string, TreeEntry>;
  /** For each layer, for each of its files that did not survive: what happened to it. */
  fates: Map<number, Map<string, Fate>>;
}

function descendants(tree: Map<string, TreeEntry>, dir: string): string[] {
  const prefix = dir === '/' ? '/' : `${dir}/`;
  const out: string[] = [];
  for (const p of tree.keys()) if (p.startsWith(prefix) && p !== dir) out.push(p);
  return out;
}

/**
 * Stack the layers (whiteouts of a layer apply to the layers below it, before its own entries) and
 * record the fate of every file that a later layer deleted or replaced. A directory re-listed by a
 * later layer (a timestamp or mode change) keeps its content and is not a replacement.
 */
export function layerFates(model: Pick<ImageModel, 'layers'>): LayerFates {
  const tree = new Map<string, TreeEntry>();
  const fates = new Map<number, Map<string, Fate>>();
  const bury = (p: string, fate: Fate) => {
    const e = tree.get(p);
    if (!e) return;
    tree.delete(p);
    let m = fates.get(e.layerIndex);
    if (!m) fates.set(e.layerIndex, (m = new Map()));
    m.set(p, fate);
  };
  for (const layer of model.layers) {
    for (const w of layer.whiteouts) {
      const fate: Fate = { how: 'deleted', byLayer: layer.index, via: w.path };
      for (const d of descendants(tree, w.path)) bury(d, fate);
      if (!w.opaque) bury(w.path, fate);
    }
    for (const f of layer.files) {
      const prev = tree.get(f.path);
      if (prev) {
        const bothDirs = prev.file.type === 'directory' && f.type === 'directory';
        if (!bothDirs) {
          if (prev.file.type === 'directory') {
            for (const d of descendants(tree, f.path)) bury(d, { how: 'deleted', byLayer: layer.index, via: f.path });
          }
          bury(f.path, { how: 'overwritten', byLayer: layer.index, via: f.path });
        }
      }
      tree.set(f.path, { file: f, layerIndex: layer.index });
    }
  }
  return { tree, fates };
}

/** The image's final file tree: path → the entry that a container sees and the layer it comes from. */
export function finalTree(model: Pick<ImageModel, 'layers'>): Map<string, TreeEntry> {
  return layerFates(model).tree;
}

export interface WastedFile {
  path: string;
  bytes: number;
  /** Layer that added this copy of the file. */
  addedBy: number;
  /** Layer that deleted or overwrote it. */
  removedBy: number;
  how: 'deleted' | 'overwritten';
  /** The whiteout (e.g. the directory `rm -rf` removed) or the overwriting path. */
  via: string;
}

export interface WasteGroup {
  addedBy: number;
  removedBy: number;
  how: 'deleted' | 'overwritten';
  /** The deleted path (a directory for `rm -rf dir`) or the overwritten file. */
  path: string;
  bytes: number;
  files: number;
}

export interface WasteReport {
  /** Bytes still shipped in a layer but invisible in the final image: the sum of `files[].bytes`. */
  totalBytes: number;
  files: WastedFile[];
  /** `files` grouped by (adding layer, removing layer, whiteout/overwritten path), largest first. */
  groups: WasteGroup[];
  /**
   * dive's own figure: for every path seen in two or more layers, the sum of all its occurrences
   * (a deleted file counts twice: its copy and its whiteout; the surviving copy of an overwritten
   * file counts too). Kept for comparison with `dive`; `totalBytes` is what was really wasted.
   */
  diveWastedBytes: number;
  /** dive's efficiency score (1 = nothing duplicated or removed); 1 when the image holds no bytes. */
  efficiency: number;
  /** Sum of all layer sizes. */
  imageBytes: number;
}

/**
 * Wasted bytes as dive defines them: a file added in one layer and deleted or overwritten in a later
 * one still ships its bytes in the earlier layer. Zero-byte entries (directories, links, empty files)
 * waste nothing and are not listed.
 */
/** Wasted files grouped by (adding layer, removing layer, how, path removed), biggest first. */
export function groupWaste(files: WasteReport['files']): WasteGroup[] {
  const groups = new Map<string, WasteGroup>();
  for (const w of files) {
    const key = `${w.addedBy}\0${w.removedBy}\0${w.how}\0${w.via}`;
    const g = groups.get(key) ?? { addedBy: w.addedBy, removedBy: w.removedBy, how: w.how, path: w.via, bytes: 0, files: 0 };
    g.bytes += w.bytes;
    g.files += 1;
    groups.set(key, g);
  }
  return [...groups.values()].sort((a, b) => b.bytes - a.bytes || a.path.localeCompare(b.path));
}

/** `layerFates(model)` may be passed when already computed (inspect/analysis.ts). */
export function wastedBytes(model: Pick<ImageModel, 'layers'>, { fates }: LayerFates = layerFates(model)): WasteReport {
  const files: WastedFile[] = [];
  for (const layer of model.layers) {
    const m = fates.get(layer.index);
    if (!m) continue;
    for (const f of layer.files) {
      const fate = m.get(f.path);
      if (!fate || f.size <= 0) continue;
      files.push({ path: f.path, bytes: f.size, addedBy: layer.index, removedBy: fate.byLayer, how: fate.how, via: fate.via });
    }
  }
  const dive = diveEfficiency(model);
  return {
    totalBytes: files.reduce((s, f) => s + f.bytes, 0),
    files,
    groups: groupWaste(files),
    diveWastedBytes: dive.wasted,
    efficiency: dive.efficiency,
    imageBytes: model.layers.reduce((s, l) => s + l.size, 0),
  };
}

/** dive's `filetree.Efficiency`: per path, every occurrence across layers (whiteouts sized as what they hid). */
function diveEfficiency(model: Pick<ImageModel, 'layers'>): { wasted: number; efficiency: number } {
  const data = new Map<string, { count: number; cumulative: number; min: number }>();
  const note = (p: string, size: number) => {
    const d = data.get(p) ?? { count: 0, cumulative: 0, min: -1 };
    d.count++;
    d.cumulative += size;
    if (d.min < 0 || size < d.min) d.min = size;
    data.set(p, d);
  };
  const tree = new Map<string, TreeEntry>();
  const subtreeSize = (p: string, includeSelf: boolean) => {
    let s = includeSelf ? tree.get(p)?.file.size ?? 0 : 0;
    for (const d of descendants(tree, p)) s += tree.get(d)!.file.size;
    return s;
  };
  for (const layer of model.layers) {
    for (const w of layer.whiteouts) {
      note(w.path, subtreeSize(w.path, !w.opaque));
      for (const d of descendants(tree, w.path)) tree.delete(d);
      if (!w.opaque) tree.delete(w.path);
    }
    for (const f of layer.files) {
      note(f.path, f.size);
      const prev = tree.get(f.path);
      if (prev && prev.file.type === 'directory' && f.type !== 'directory') for (const d of descendants(tree, f.path)) tree.delete(d);
      tree.set(f.path, { file: f, layerIndex: layer.index });
    }
  }
  let wasted = 0;
  let minimum = 0;
  let discovered = 0;
  for (const d of data.values()) {
    if (d.count >= 2) wasted += d.cumulative;
    minimum += d.min;
    discovered += d.cumulative;
  }
  return { wasted, efficiency: discovered === 0 ? 1 : minimum / discovered };
}

export interface FoundFile {
  layerIndex: number;
  file: LayerFile;
  /** Still visible in the final image. */
  inFinalImage: boolean;
  /** What a later layer did to it (deleted or overwritten), when it is not in the final image. */
  fate?: Fate;
}

/**
 * Every (layer, file) for which `predicate` holds, bottom layer first — including files that a later
 * layer deleted or overwrote: their bytes are still in the image.
 */
export function findInLayers(
  model: Pick<ImageModel, 'layers'>,
  predicate: (file: LayerFile, layer: ImageLayer) => boolean,
  { tree, fates }: LayerFates = layerFates(model),
): FoundFile[] {
  const out: FoundFile[] = [];
  for (const layer of model.layers) {
    for (const f of layer.files) {
      if (!predicate(f, layer)) continue;
      const fate = fates.get(layer.index)?.get(f.path);
      const live = tree.get(f.path);
      const inFinalImage = !fate && live !== undefined && live.layerIndex === layer.index;
      out.push({ layerIndex: layer.index, file: f, inFinalImage, ...(fate ? { fate } : {}) });
    }
  }
  return out;
}
