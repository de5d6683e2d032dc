import fs from 'node:fs';
import type { CopyQualityRepository } from '../catalog/copy-quality-repository.js';
import { copyQuality, JPEG_HEAD_BYTES } from '../duplicates/copy-quality.js';
import { extractLocalFeatures } from '../duplicates/local-features.js';
import { DEFAULT_PREVIEW_EDGE, thumbnailPaths } from '../media/index.js';
import { cachedPreview } from './cached-preview.js';
import type { Stage, StageContext } from './stage.js';

/** Reads the first bytes of a file (where a JPEG keeps its quantisation tables). */
async function head(file: string, bytes: number): Promise<Uint8Array> {
  const fh = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/**
 * What each copy looks like as a copy (padding, sharpness, noise, colour, JPEG quality), for the keep rules to
 * tell the original from the copies made of it, and its local features (keypoints), for the pair rule to find
 * crops and rotations and to veto look-alikes. A deep stage after PreviewStage: it measures the 1280-px viewer image
 * (the scale its sharpness and noise rules were calibrated at: measured on the quick pass's 512-px decode, 2 of 25
 * originals lost their keeper to a copy, bench/duplicates-groups.ts) and the file's first 256 KB.
 */
export class CopyQualityStage implements Stage {
  readonly name = 'copyquality';
  /**
   * 2: with local features; 3: with the hue spread; 4: with the small grey picture the pixel check lays over the
   * other; 5: padding found where the picture runs into it
   */
  readonly version = 5;
  readonly pass = 'deep' as const;

  constructor(private readonly deps: { quality: CopyQualityRepository; thumbnailDir: string }) {}

  async run({ file, scratch, recordTiming }: StageContext): Promise<void> {
    const t0 = performance.now();
    const preview = await cachedPreview(thumbnailPaths(this.deps.thumbnailDir, file.content_hash).medium, file.path, file.mtime_ms, DEFAULT_PREVIEW_EDGE);
    const q = copyQuality(preview, scratch.head ?? await head(file.path, JPEG_HEAD_BYTES));
    this.deps.quality.save(file.id, file.content_hash, q);
    const t1 = performance.now();
    this.deps.quality.saveKeypoints(file.id, file.content_hash, extractLocalFeatures(preview.data, preview.width, preview.height));
    recordTiming('copyquality', t1 - t0);
    recordTiming('copyquality.keypoints', performance.now() - t1);
  }
}
