/**
 * The analysis of one built image, done once per build and shared by every reader (the checks, the
 * waste map, the layer explorer): dive's order — the image archive read into a model (image-archive.ts)
 * → the file tree analysed: final tree, fates, waste, efficiency (file-tree.ts) → layers attributed
 * to Dockerfile steps (attribution.ts, by the reader that knows the shipped steps: checks/layers-view.ts).
 *
 * A grade reads all its builds' final images in ONE `docker save` (`prefetch`): the images share the
 * base image's layers, which Docker writes once per save, so reading N images costs little more than
 * reading one; the same pass searches file contents for the checks' needles (content-search.ts).
 */
import type { ContentHook, ImageModel } from './image-archive';
import { ContentSearch, type NeedleResult } from './content-search';
import { layerFates, wastedBytes, type LayerFates, type WasteReport } from './file-tree';

export interface ImageAnalysis {
  model: ImageModel;
  /** The final tree and the fate of every file that did not survive. */
  fates: LayerFates;
  /** Wasted bytes (dive's definition), grouped, with dive's efficiency score. */
  waste: WasteReport;
  /**
   * Per needle asked for in `ImageAnalyses.prefetch`: the files of this image's layers that hold it.
   * Absent when the image was read without a content search (then a reader needing it searches itself).
   */
  contentHits?: ReadonlyMap<string, NeedleResult>;
}

/** Analyse a read image (pure). */
export function analyseImage(model: ImageModel, contentHits?: ReadonlyMap<string, NeedleResult>): ImageAnalysis {
  const fates = layerFates(model);
  return { model, fates, waste: wastedBytes(model, fates), ...(contentHits ? { contentHits } : {}) };
}

/** Reads one image's model (the driver's `imageModel`). */
export type ReadImage = (imageId: string) => Promise<ImageModel>;
/** Reads several images' models in one save archive, in `imageIds` order (the driver's `imageModels`). */
export type ReadImages = (imageIds: string[], onContent?: ContentHook) => Promise<ImageModel[]>;

/**
 * Analyses per image id, each made at most once (a failed read is forgotten so a later reader may
 * retry, on its own). `readOne` reads one image; `readMany`, when the driver has it, reads several in
 * one archive for `prefetch`.
 */
export class ImageAnalyses {
  private readonly byImage = new Map<string, Promise<ImageAnalysis>>();

  constructor(
    private readonly readOne: ReadImage,
    private readonly readMany?: ReadImages,
  ) {}

  /**
   * Starts ONE read of every image of `imageIds` not yet asked for, searching file contents for
   * `needles` on the way (each analysis then carries `contentHits`). Returns at once; readers await
   * `of(id)`. Without `readMany` (or for a single image) it reads image by image.
   */
  prefetch(imageIds: readonly string[], needles: readonly string[] = []): void {
    const ids = [...new Set(imageIds)].filter((id) => !this.byImage.has(id));
    if (ids.length === 0) return;
    const search = new ContentSearch(needles);
    const read = this.readMany
      ? this.readMany(ids, search.empty ? undefined : search.hook)
      : Promise.all(ids.map((id) => this.readOne(id)));
    ids.forEach((id, i) => {
      const p = read.then((models) => {
        // By id when the archive names its configs by digest (it does not promise the request's order).
        const model = models.find((m) => m.id === id) ?? (models.some((m) => m.id) ? undefined : models[i]);
        if (!model) throw new Error(`the image archive holds no image for ${id}`);
        return analyseImage(model, search.empty || !this.readMany ? undefined : search.resultsFor(model));
      });
      this.remember(id, p);
    });
  }

  /** The analysis of `imageId`: the prefetched one, else one read now. */
  of(imageId: string): Promise<ImageAnalysis> {
    return this.byImage.get(imageId) ?? this.remember(imageId, this.readOne(imageId).then((m) => analyseImage(m)));
  }

  private remember(imageId: string, p: Promise<ImageAnalysis>): Promise<ImageAnalysis> {
    p.catch(() => {
      if (this.byImage.get(imageId) === p) this.byImage.delete(imageId);
    });
    this.byImage.set(imageId, p);
    return p;
  }
}
