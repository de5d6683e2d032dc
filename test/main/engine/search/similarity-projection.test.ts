// The duplicate finder's vectors projected in batches (projectManyForDuplicates): a photo whose features cannot make
// a vector (a branch missing, a value not finite, all zero) gets none, told by the projection's own pass over the
// features, and the others get, to the bit, what they get in a batch without such photos.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../src/main/engine/embedding/linalg.js';
import { SimilarityProjection } from '../../../../src/main/engine/search/similarity-projection.js';
import type { SettingsStore } from '../../../../src/main/engine/settings.js';

const projection = (): SimilarityProjection =>
  new SimilarityProjection({
    settings: {} as SettingsStore,
    indexDir: '/nonexistent',
    defaultWhiteningFile: path.join(import.meta.dirname, '../../../../resources/models/whitening-default.bin'),
    log: () => {},
  });

describe('SimilarityProjection.projectManyForDuplicates', () => {
  it('leaves out, by its own pass, the photos whose features make no vector, and projects the others as without them', async () => {
    const rand = seededRandom(3);
    const vector = (n: number): Float32Array => Float32Array.from({ length: n }, () => (rand() < 0.3 ? 0 : rand() * 2));
    const good = (): Record<string, Float32Array> => ({ mobilenet: vector(1344), centernet: vector(720) });
    const raws: Record<string, Float32Array>[] = Array.from({ length: 12 }, good);
    const bad = [1, 4, 5, 8, 10];
    raws[1].mobilenet[7] = NaN;
    raws[4].centernet[100] = Infinity;
    raws[5].mobilenet[0] = -Infinity;
    raws[8].centernet = new Float32Array(720);
    delete raws[10].centernet;
    const p = projection();
    const mixed = await p.projectManyForDuplicates(raws);
    const usable = raws.filter((_, i) => !bad.includes(i));
    const alone = await p.projectManyForDuplicates(usable);
    let k = 0;
    raws.forEach((r, i) => {
      expect(p.hasFeatures(r)).toBe(!bad.includes(i));
      if (bad.includes(i)) expect(mixed[i]).toBeUndefined();
      else {
        expect(Array.from(mixed[i]!)).toEqual(Array.from(alone[k++]!));
        // (and what one photo projected in JS gets, to the float precision of the product)
        const single = p.projectForDuplicates(r)!;
        single.forEach((v, j) => expect(mixed[i]![j]).toBeCloseTo(v, 5));
      }
    });
  });
});
