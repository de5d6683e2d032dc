import type { DuplicateRepository } from '../catalog/duplicate-repository.js';
import type { HashRepository } from '../catalog/hash-repository.js';
import { centreHashes, contentHashes, dihedralHashes, hashBasis } from '../duplicates/perceptual-hash.js';
import { decodedOrCached } from './cached-preview.js';
import { QUICK_PREVIEW_EDGE, type Stage, type StageContext } from './stage.js';

/**
 * Perceptual hashes for the duplicate finder, from the analyse stage's preview, or after a restart from the viewer
 * thumbnail, so existing libraries get hashes without decoding every original again. A few ms per photo. The hashes
 * are of a 32x32 area-averaged grid: the same from the 512-px preview as from the 1280-px one the thresholds were
 * calibrated on (bench/duplicates-copydays.ts), up to resampling.
 */
export class HashStage implements Stage {
  readonly name = 'phash';
  /** 2: the picture inside a letterbox hashed too (contentHashes) */
  readonly version = 2;

  constructor(private readonly deps: { hashes: HashRepository; duplicates: DuplicateRepository; thumbnailDir: string }) {}

  async run({ file, scratch, recordTiming }: StageContext): Promise<void> {
    const t0 = performance.now();
    const preview = await decodedOrCached(scratch.preview, this.deps.thumbnailDir, file, QUICK_PREVIEW_EDGE);
    const basis = hashBasis(preview);
    const content = contentHashes(preview);
    this.deps.duplicates.transaction(() => {
      this.deps.hashes.save(file.id, file.content_hash, {
        whole: dihedralHashes(basis),
        centre: centreHashes(preview),
        content,
        residualRms: basis.residualRms,
      });
      // A letterboxed picture already grouped (hashed before the picture inside its bands was, stage version 1) is
      // grouped again on the next update, with the candidates its new hashes find.
      if (content.length) this.deps.duplicates.unplace(file.id, 'duplicate');
    });
    recordTiming('phash', performance.now() - t0);
  }
}
