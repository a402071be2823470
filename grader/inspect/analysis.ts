/**
 * The analysis of one built image, done once per build and shared by every reader (the checks, the
 * waste map, the report): dive's order — the image archive read into a model (image-archive.ts) →
 * the file tree analysed: final tree, fates, waste, efficiency (file-tree.ts) → layers attributed
 * to Dockerfile steps (attribution.ts, by the reader that knows the shipped steps: checks/layers-view.ts).
 */
import type { ImageModel } from './image-archive';
import { layerFates, wastedBytes, type LayerFates, type WasteReport } from './file-tree';

export interface ImageAnalysis {
  model: ImageModel;
  /** The final tree and the fate of every file that did not survive. */
  fates: LayerFates;
  /** Wasted bytes (dive's definition), grouped, with dive's efficiency score. */
  waste: WasteReport;
}

/** Analyse a read image (pure). */
export function analyseImage(model: ImageModel): ImageAnalysis {
  const fates = layerFates(model);
  return { model, fates, waste: wastedBytes(model, fates) };
}

/**
 * Analyses per image id, each made at most once (a failed read is forgotten so a later reader may
 * retry). `read` reads the image archive (the driver's `imageModel`).
 */
export class ImageAnalyses {
  private readonly byImage = new Map<string, Promise<ImageAnalysis>>();

  constructor(private readonly read: (imageId: string) => Promise<ImageModel>) {}

  /** Has a reader already asked for this image (its archive read or being read)? */
  has(imageId: string): boolean {
    return this.byImage.has(imageId);
  }

  of(imageId: string): Promise<ImageAnalysis> {
    let p = this.byImage.get(imageId);
    if (!p) {
      p = this.read(imageId).then(analyseImage);
      p.catch(() => this.byImage.delete(imageId));
      this.byImage.set(imageId, p);
    }
    return p;
  }
}
