// The turn the hashes report between two pictures is the one turnPixels applies: the edited copy's keypoints are
// looked for in the new picture turned that way, and its faces moved back through sourceOf. A mismatch (one turn for
// the other, a mirror read the wrong way) would line up nothing, or move a name onto the wrong face.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { DIHEDRAL, dihedralHashes, minDihedralDistance } from '../../../../src/main/engine/duplicates/perceptual-hash.js';
import { turnPixels } from '../../../../src/main/engine/library/edited-copies.js';
import { rgbFromRaw } from '../../../../src/main/engine/media/rgb-image.js';
import { testPhoto } from '../../../helpers/fixtures.js';

describe('edited copies: turns', () => {
  it('turnPixels(b, t) looks like a when the hashes say that t applied to b gives a, for each of the 8 turns and mirrors', async () => {
    // a photo that is not symmetric, not square
    const b = rgbFromRaw(await sharp(testPhoto('hires/lomiri16__Bridge_by_Sander_Klootwijk.jpg')).resize(240, 160, { fit: 'fill' }).raw().toBuffer({ resolveWithObject: true }));
    const bHashes = dihedralHashes(b);
    for (const t of DIHEDRAL) {
      const a = turnPixels(b, t);
      const { distance, transform } = minDihedralDistance(dihedralHashes({ ...a, channels: 3 })[0], bHashes);
      expect(transform, t).toBe(t);
      expect(distance, t).toBeLessThanOrEqual(2);
    }
  });

});
