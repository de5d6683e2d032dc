import type { CopyQualityRepository } from '../catalog/copy-quality-repository.js';
import type { DuplicateRepository } from '../catalog/duplicate-repository.js';
import type { LocalCheckRepository } from '../catalog/local-check-repository.js';
import { checkNeighbours, checkPartners } from '../duplicates/local-checks.js';
import { copyQuality, JPEG_HEAD_BYTES } from '../duplicates/copy-quality.js';
import { extractLocalFeatures } from '../duplicates/local-features.js';
import { analyzePhoto, DEFAULT_PREVIEW_EDGE } from '../media/index.js';
import type { Stage, StageContext } from './stage.js';

/** The last stage duplicates are found by: a photo it has not run on is grouped on its hashes and embedding alone. */
export const COPY_QUALITY_STAGE = 'copyquality';

/**
 * What each copy looks like as a copy (padding, sharpness, noise, colour, JPEG quality), for the keep rules to
 * tell the original from the copies made of it, and its local features (keypoints), for the pair rule to find
 * crops and rotations and to veto look-alikes. A deep stage: it measures the original decoded to 1280 px
 * (the scale its sharpness and noise rules were calibrated at: measured on the quick pass's 512-px decode, 2 of 25
 * originals lost their keeper to a copy, bench/duplicates-groups.ts) and the file's first 256 KB, from one read: the
 * preview stage's, whose walk it shares, or its own where that stage had nothing to decode (the viewer image was made
 * already, on view). Its keypoints are then checked against its recorded neighbours' and their partners' (local-checks.ts),
 * so that grouping reads the verdicts instead of comparing keypoints again.
 */
export class CopyQualityStage implements Stage {
  readonly name = COPY_QUALITY_STAGE;
  /**
   * 2: with local features; 3: with the hue spread; 4: with the small grey picture the pixel check lays over the
   * other; 5: padding found where the picture runs into it; 6: a deep stage, the original decoded to 1280 px; 7: a dark
   * picture's keypoints found at half the contrast; 8: bands along two opposite sides or all four are padding (a
   * letterboxed or framed copy); 9: the padding of a turned picture fitted as a whole where the picture runs into it
   * at its corners (copy-quality.ts turnedRectangle)
   */
  readonly version = 9;
  readonly pass = 'deep' as const;
  readonly withPrevious = true;

  constructor(private readonly deps: { quality: CopyQualityRepository; checks: LocalCheckRepository; duplicates: DuplicateRepository }) {}

  async run({ file, scratch, recordTiming }: StageContext): Promise<void> {
    const t0 = performance.now();
    // The original itself, not the viewer thumbnail: that is a re-compressed JPEG, whose smoothing hides the noise a
    // print-scanned copy adds (seed 2 of bench/duplicates-groups.ts kept a print-scan 3 times out of 25 on it).
    const photo = scratch.viewer
      ? { preview: scratch.viewer, head: scratch.head }
      : await analyzePhoto(file.path, { mtimeMs: file.mtime_ms, previewEdge: DEFAULT_PREVIEW_EDGE, keepHead: JPEG_HEAD_BYTES });
    const preview = photo.preview;
    const q = copyQuality(preview, photo.head ?? new Uint8Array(0));
    this.deps.quality.save(file.id, file.content_hash, q);
    const t1 = performance.now();
    const features = extractLocalFeatures(preview.data, preview.width, preview.height);
    this.deps.duplicates.transaction(() => {
      this.deps.quality.saveKeypoints(file.id, file.content_hash, features);
      // A file already grouped is grouped again (with its candidates and their groups) on the next update: its pairs
      // are decided on this evidence now (a library indexed before the pixel check had re-shots grouped that it vetoes).
      this.deps.duplicates.unplace(file.id, 'duplicate');
    });
    const t2 = performance.now();
    const { checks } = this.deps;
    const made = checkNeighbours(features, checks.neighbourKeypoints(file.id));
    checks.replaceChecks(file.id, made);
    // and the pairs grouping would meet through the copies they line up with (local-checks.ts checkPartners)
    checks.addChecks(checkPartners(file.id, features, checks, made));
    recordTiming('copyquality.measure', t1 - t0);
    recordTiming('copyquality.keypoints', t2 - t1);
    recordTiming('copyquality.checks', performance.now() - t2);
  }
}
