// The exif-samples orientation sets hold one picture stored 8 ways, each with the EXIF orientation that
// makes it display the same. After analysis all eight must be the same upright picture.
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { analyzePhoto } from '../../../../src/main/engine/media/analyze.js';
import type { AnalyzedPhoto } from '../../../../src/main/engine/media/types.js';
import { data, meanAbsDiff } from './helpers.js';

const DIR = data('robustness/exif-samples/jpg/orientation');

/** A 16×16 thumbnail of the preview: small enough that resampling differences vanish. */
async function fingerprint(preview: AnalyzedPhoto['preview']): Promise<Buffer> {
  return sharp(preview.data, { raw: { width: preview.width, height: preview.height, channels: 3 } })
    .resize(16, 16, { fit: 'fill' }).raw().toBuffer();
}

describe.each(['landscape', 'portrait'])('EXIF orientation, %s set', (set) => {
  it('gives all eight files the same display size and near-identical upright pixels', async () => {
    const photos = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((n) =>
      analyzePhoto(path.join(DIR, `${set}_${n}.jpg`), { mtimeMs: 0, previewEdge: 256 })));
    const reference = await fingerprint(photos[0].preview);
    const upright = set === 'landscape' ? (p: AnalyzedPhoto) => p.width > p.height : (p: AnalyzedPhoto) => p.height > p.width;
    for (const [i, photo] of photos.entries()) {
      expect(photo.metadata.orientation, `${set}_${i + 1}`).toBe(i + 1);
      expect([photo.width, photo.height], `${set}_${i + 1}`).toEqual([photos[0].width, photos[0].height]);
      expect(upright(photo)).toBe(true);
      expect([photo.preview.width, photo.preview.height]).toEqual([photos[0].preview.width, photos[0].preview.height]);
      expect(meanAbsDiff(await fingerprint(photo.preview), reference), `${set}_${i + 1}`).toBeLessThan(6);
    }
  });

  it('would notice a wrong rotation: the stored pixels of orientation 6 differ from the upright picture', async () => {
    // Guards the test above: the tolerance must be far below what a missing rotation produces.
    const upright = await analyzePhoto(path.join(DIR, `${set}_1.jpg`), { mtimeMs: 0, previewEdge: 256 });
    const stored = await sharp(path.join(DIR, `${set}_6.jpg`), { autoOrient: false }).resize(16, 16, { fit: 'fill' }).raw().toBuffer();
    expect(meanAbsDiff(stored, await fingerprint(upright.preview))).toBeGreaterThan(20);
  });
});
