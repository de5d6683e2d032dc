// Find-similar by an image the user names: a catalogued photo is looked up by its stored vector; any other image
// file is decoded and run through the models without being added to the library. Results name photos by id (and
// path, for the CLI's output), best first, scores rounded cosine similarities.
import path from 'node:path';
import type { FileRepository } from '../catalog/file-repository.js';
import { LibraryError } from '../errors.js';
import type { EmbedItemResult } from '../inference/protocol.js';
import { analyzePhoto } from '../media/index.js';
import type { RgbImage } from '../media/rgb-image.js';
import { MODEL_PREVIEW_EDGE } from '../pipeline/embed-stage.js';
import type { SimilarityService } from './similarity-service.js';

/** One photo found by find-similar. */
export interface SimilarHit {
  id: number;
  path: string;
  score: number;
}

export interface ImageSearchDeps {
  files: FileRepository;
  similarity: SimilarityService;
  /** runs the models on decoded images (the inference client) */
  models: { embed(images: RgbImage[]): Promise<EmbedItemResult[]> };
}

export class ImageSearch {
  constructor(private readonly deps: ImageSearchDeps) {}

  /** Photos that look like `image`, itself left out. `label` names the image in messages (a dropped image
   *  travels through a temporary file whose name means nothing to the user). */
  async similar(image: string, k: number, label = path.resolve(image)): Promise<{ query: string; results: SimilarHit[] }> {
    const { files, similarity, models } = this.deps;
    const query = path.resolve(image);
    const row = files.byPath(query);
    let hits;
    if (row) {
      hits = await similarity.similarToFile(row.id, k);
    } else {
      const photo = await analyzePhoto(query, { mtimeMs: Date.now(), previewEdge: MODEL_PREVIEW_EDGE }).catch((err: unknown) => {
        throw new LibraryError('invalid', `Cannot search by ${label}: ${(err as { reason?: string }).reason ?? (err as Error).message}`, { cause: err });
      });
      const [result] = await models.embed([photo.preview]);
      hits = await similarity.similarToFeatures(result.features, k);
    }
    const results: SimilarHit[] = [];
    for (const h of hits) {
      const file = files.byId(h.id);
      if (file) results.push({ id: file.id, path: file.path, score: Math.round(h.score * 10000) / 10000 });
    }
    return { query, results };
  }
}
