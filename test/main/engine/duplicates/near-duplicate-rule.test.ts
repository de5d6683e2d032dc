import { describe, expect, it } from 'vitest';
import { matchPair, THRESHOLDS, type DuplicateSignals } from '../../../../src/main/engine/duplicates/near-duplicate-rule.js';
import { dihedralHashes, hashBasis, isNearUniform } from '../../../../src/main/engine/duplicates/perceptual-hash.js';
import type { RgbImage } from '../../../../src/main/engine/media/rgb-image.js';

/** A 64-bit hash with exactly the low `n` bits flipped relative to `h`. */
const flipBits = (h: bigint, n: number): bigint => h ^ ((1n << BigInt(n)) - 1n);

/** Unit vector in `dim` dims whose cosine with unitVec(dim, 0) is `c`. */
function unitWithCosine(dim: number, c: number): Float32Array {
  const v = new Float32Array(dim);
  v[0] = c;
  v[1] = Math.sqrt(1 - c * c);
  return v;
}

const BASE_HASH = 0x5a5a_1234_f0f0_0f0fn;
/** 8 "variants" of which only [0] is near `h`: the others differ in >= 28 of the top 32 bits. */
const variantsOf = (h: bigint): bigint[] =>
  [0n, 0xffff_ffffn, 0xffff_fff0n, 0x0fff_ffffn, 0xff0f_ffffn, 0xffff_f0ffn, 0xffff_0fffn, 0xfff0_ffffn].map((m) => h ^ (m << 32n));

function photo(over: Partial<DuplicateSignals> = {}): DuplicateSignals {
  return { contentHash: 'aaa', phash: variantsOf(BASE_HASH), embedding: unitWithCosine(8, 1), width: 4000, height: 3000, nearUniform: false, ...over };
}

describe('matchPair', () => {
  it('calls byte-identical files exact, whatever else differs', () => {
    const m = matchPair(photo(), photo({ phash: variantsOf(~BASE_HASH & 0xffff_ffff_ffff_ffffn), embedding: unitWithCosine(8, 0) }));
    expect(m.level).toBe('exact');
    expect(m.score).toBe(1);
    expect(m.signals.rule).toBe('content');
  });

  it('calls a close pHash near, and says so', () => {
    const b = photo({ contentHash: 'bbb', phash: variantsOf(flipBits(BASE_HASH, THRESHOLDS.hashSure)), embedding: unitWithCosine(8, 0.2), width: 2000, height: 1500 });
    const m = matchPair(photo(), b);
    expect(m.level).toBe('near');
    expect(m.signals.rule).toBe('hash');
    expect(m.signals.hashDistance).toBe(THRESHOLDS.hashSure);
    expect(m.signals.pixelRatio).toBe(4);
    expect(m.score).toBeGreaterThan(0.8);
  });

  it('finds a rotated copy through its dihedral variant', () => {
    const h = BASE_HASH;
    // b stores the rotated copy: its rot90 variant (index 1) is the original's hash
    const b = photo({ contentHash: 'bbb', phash: [0x1111n, h, 0x2222n, 0x3333n, 0x4444n, 0x5555n, 0x6666n, 0x7777n], embedding: unitWithCosine(8, 0.1), width: 3000, height: 4000 });
    const m = matchPair(photo(), b);
    expect(m.level).toBe('near');
    expect(m.signals.transform).toBe('rot90');
    expect(m.signals.aspectRatio).toBeCloseTo(1);
  });

  it('finds a small crop through the centred-window hash, and says so', () => {
    const cropHash = flipBits(BASE_HASH, 40);
    const original = photo({ phashCentre: variantsOf(flipBits(cropHash, 2)) }); // embeddings: cosine 0.3
    const crop = photo({ contentHash: 'bbb', phash: variantsOf(cropHash), embedding: unitWithCosine(8, 0.3) });
    for (const m of [matchPair(original, crop), matchPair(crop, original)]) {
      expect(m.level).toBe('near');
      expect(m.signals.window).toBe('centre');
      expect(m.signals.hashDistance).toBe(2);
    }
    // without the window hash the same pair is far apart
    expect(matchPair({ ...original, phashCentre: undefined }, crop).level).toBe('none');
  });

  it('does not call a far pHash near on the hash alone', () => {
    const b = photo({ contentHash: 'bbb', phash: variantsOf(flipBits(BASE_HASH, THRESHOLDS.hashSure + 1)), embedding: unitWithCosine(8, 0) });
    expect(matchPair(photo(), b).level).toBe('none');
  });

  it('calls a very close embedding near even when the hash is far (strong crop)', () => {
    const b = photo({ contentHash: 'bbb', phash: variantsOf(flipBits(BASE_HASH, 30)), embedding: unitWithCosine(8, THRESHOLDS.cosineSure + 0.01) });
    const m = matchPair(photo(), b);
    expect(m.level).toBe('near');
    expect(m.signals.rule).toBe('embedding');
  });

  it('needs both signals in the loose band', () => {
    const loose = flipBits(BASE_HASH, THRESHOLDS.hashLoose);
    const both = photo({ contentHash: 'bbb', phash: variantsOf(loose), embedding: unitWithCosine(8, THRESHOLDS.cosineWithHash + 0.01) });
    expect(matchPair(photo(), both).level).toBe('near');
    expect(matchPair(photo(), both).signals.rule).toBe('hash+embedding');
    const hashOnly = photo({ contentHash: 'bbb', phash: variantsOf(loose), embedding: unitWithCosine(8, THRESHOLDS.cosineWithHash - 0.05) });
    expect(matchPair(photo(), hashOnly).level).toBe('none');
    const embOnly = photo({ contentHash: 'bbb', phash: variantsOf(flipBits(BASE_HASH, THRESHOLDS.hashLoose + 2)), embedding: unitWithCosine(8, THRESHOLDS.cosineWithHash + 0.01) });
    expect(matchPair(photo(), embOnly).level).toBe('none');
  });

  it('never matches different shots taken seconds apart (a burst is not a duplicate)', () => {
    const t = Date.UTC(2024, 5, 1, 12, 0, 0);
    const b = photo({ contentHash: 'bbb', takenAt: t + 3000 });
    const m = matchPair(photo({ takenAt: t }), b);
    expect(m.level).toBe('none');
    expect(m.signals.rule).toBe('capture-time');
    // a burst one second apart is two exposures too (capture times are whole seconds; a copy keeps them exactly)
    expect(matchPair(photo({ takenAt: t }), photo({ contentHash: 'bbb', takenAt: t + 1000 })).signals.rule).toBe('capture-time');
    expect(matchPair(photo({ takenAt: t }), photo({ contentHash: 'bbb', takenAt: t + 2 * 3600_000 + 1000 })).signals.rule).toBe('capture-time');
    // the same time, or the same time shifted by a whole time zone, is still the same shot
    expect(matchPair(photo({ takenAt: t }), photo({ contentHash: 'bbb', takenAt: t })).level).toBe('near');
    expect(matchPair(photo({ takenAt: t }), photo({ contentHash: 'bbb', takenAt: t + 2 * 3600_000 })).level).toBe('near');
  });

  it('never groups two different near-uniform pictures, however alike their signals, but still finds their byte copies', () => {
    const skyA = sky(0, 11);
    const skyB = sky(0.3, 12);
    expect(isNearUniform(skyA)).toBe(true);
    expect(isNearUniform(skyB)).toBe(true);
    const sig = (p: RgbImage, content: string): DuplicateSignals => ({
      contentHash: content,
      phash: dihedralHashes(hashBasis(p)),
      nearUniform: isNearUniform(p),
      embedding: unitWithCosine(8, 1), // two skies look the same to the embedding
      width: p.width,
      height: p.height,
    });
    const m = matchPair(sig(skyA, 'a'), sig(skyB, 'b'));
    expect(m.level).toBe('none');
    expect(m.signals.rule).toBe('flat');
    expect(m.signals.nearUniform).toBe(true);
    expect(matchPair(sig(skyA, 'a'), sig(skyA, 'a')).level).toBe('exact');
  });
});

/** A smooth sky gradient with faint noise; `tilt` turns the gradient. */
function sky(tilt: number, seed: number): RgbImage {
  const w = 640;
  const h = 480;
  const data = new Uint8Array(w * h * 3);
  let s = seed;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32 - 0.5) * 6;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const t = (y / h) * (1 - tilt) + (x / w) * tilt;
      const c = [90 + 110 * t, 140 + 80 * t, 220 + 30 * t];
      for (let k = 0; k < 3; k++) data[(y * w + x) * 3 + k] = Math.max(0, Math.min(255, Math.round(c[k] + rnd())));
    }
  }
  return { data, width: w, height: h, channels: 3 };
}
