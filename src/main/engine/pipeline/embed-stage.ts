import { thumbnailPaths } from '../media/index.js';
import { cachedPreview } from './cached-preview.js';
import type { FeatureRepository } from '../catalog/feature-repository.js';
import type { TagRepository } from '../catalog/tag-repository.js';
import { WorkerCrashedError } from '../inference/inference-client.js';
import type { EmbedBatcher } from '../inference/embed-batcher.js';
import { tagsFromDetections } from '../tags/auto-tags.js';
import { MediaError } from '../media/types.js';
import { QUICK_PREVIEW_EDGE, type Stage, type StageContext } from './stage.js';
import { reshapeRgb, type RgbImage } from '../media/rgb-image.js';
import type { DetectionResult } from '../inference/protocol.js';
import { EMBEDDING_RECIPE_VERSION } from '../embedding/features.js';

/** The long edge of what is sent to the model process (the models read 224-320 px; see QUICK_PREVIEW_EDGE). */
export const MODEL_PREVIEW_EDGE = QUICK_PREVIEW_EDGE;

export interface EmbedStageDeps {
  batcher: EmbedBatcher;
  features: FeatureRepository;
  tags: TagRepository;
  thumbnailDir: string;
  /** called with each file's fresh features (the similarity index takes them from here) */
  onEmbedded: (fileId: number, features: Record<string, Float32Array>) => Promise<void>;
  /** called with each file's object detections (the face stage keeps where people are) */
  onDetections?: (file: { id: number; content_hash: string }, detections: DetectionResult[]) => void;
  /** the version of the set of models: changes when it changes (a user model added or replaced); the stage's own
   *  version adds what the models compute from a photo (EMBEDDING_RECIPE_VERSION) */
  version?: number;
}

/**
 * Runs the models on a photo's decoded preview: stores the raw features (for similarity) and replaces the automatic
 * tags from the object detector (user tags are never touched). Fed from the analyse stage's preview, or after a
 * restart from the viewer-size thumbnail on disk: never from the full-size original.
 */
export class EmbedStage implements Stage {
  readonly name = 'embed';
  readonly version: number;

  constructor(private readonly deps: EmbedStageDeps) {
    // 1 + recipe 1 was version 1: each new recipe (e.g. flip-averaging on fewer branches) makes every photo due again
    this.version = (deps.version ?? 1) + EMBEDDING_RECIPE_VERSION - 1;
  }

  async run({ file, scratch, recordTiming }: StageContext): Promise<void> {
    const t0 = performance.now();
    const preview = scratch.preview
      ? await downscale(scratch.preview.data, scratch.preview.width, scratch.preview.height)
      : await cachedPreview(thumbnailPaths(this.deps.thumbnailDir, file.content_hash).medium, file.path, file.mtime_ms, MODEL_PREVIEW_EDGE);
    const t1 = performance.now();
    let result;
    try {
      result = await this.deps.batcher.embed(preview);
    } catch (err) {
      if (!(err instanceof WorkerCrashedError)) throw err;
      // The process died with a whole batch in flight: try this photo once more on its own.
      try {
        result = await this.deps.batcher.embed(preview);
      } catch (again) {
        if (again instanceof WorkerCrashedError) {
          throw new MediaError('the model process crashed twice while reading this photo', 'corrupt', { cause: again });
        }
        throw again;
      }
    }
    recordTiming('embed.prepare', t1 - t0);
    recordTiming('embed.models', performance.now() - t1);
    this.deps.features.save(file.id, file.content_hash, result.features);
    this.deps.tags.setAutoTags(file.id, tagsFromDetections(result.detections));
    this.deps.onDetections?.(file, result.detections);
    await this.deps.onEmbedded(file.id, result.features);
  }
}

async function downscale(data: Uint8Array, width: number, height: number): Promise<RgbImage> {
  if (Math.max(width, height) <= MODEL_PREVIEW_EDGE) return { data, width, height, channels: 3 };
  return reshapeRgb({ data, width, height, channels: 3 }, (s) => s.resize(MODEL_PREVIEW_EDGE, MODEL_PREVIEW_EDGE, { fit: 'inside' }));
}
