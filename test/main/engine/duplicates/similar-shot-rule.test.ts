import { describe, expect, it } from 'vitest';
import { matchPair, THRESHOLDS, type DuplicateSignals } from '../../../../src/main/engine/duplicates/near-duplicate-rule.js';
import { dihedralHashes, isNearUniform } from '../../../../src/main/engine/duplicates/perceptual-hash.js';
import { distanceM, matchSimilarShot, SIMILAR_SHOT } from '../../../../src/main/engine/duplicates/similar-shot-rule.js';
import { seededRandom } from '../../../../src/main/engine/util/seeded-random.js';
import type { RgbImage } from '../../../../src/main/engine/media/rgb-image.js';

/** Unit vector whose cosine with unitWithCosine(1) is `c`. */
function unitWithCosine(c: number): Float32Array {
  const v = new Float32Array(8);
  v[0] = c;
  v[1] = Math.sqrt(1 - c * c);
  return v;
}

/** A grey synthetic picture. */
function scene(f: (x: number, y: number) => number, w = 64, h = 48): RgbImage {
  const data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = Math.max(0, Math.min(255, Math.round(f(x, y))));
      data.set([v, v, v], (y * w + x) * 3);
    }
  }
  return { data, width: w, height: h, channels: 3 };
}

const rand = seededRandom(7);
const frame1 = scene((x, y) => 128 + 60 * Math.sin(x / 5) * Math.cos(y / 7) + (x > 30 && y < 20 ? 40 : 0));
// the next frame of a burst: the camera moved a pixel, the exposure changed a little, sensor noise
const frame2 = scene((x, y) => 138 + 60 * Math.sin((x + 1) / 5) * Math.cos(y / 7) + (x > 31 && y < 20 ? 40 : 0) + (rand() - 0.5) * 6);
const otherScene = scene((x, y) => 128 + 80 * Math.cos(x / 11 + y / 3));
const sky = scene(() => 120 + (rand() - 0.5) * 4);

const T0 = Date.UTC(2019, 4, 1, 10, 0, 0);
const HERE = { lat: 48.8584, lon: 2.2945 };

function shot(preview: RgbImage, over: Partial<DuplicateSignals> = {}): DuplicateSignals {
  return {
    phash: dihedralHashes(preview),
    nearUniform: isNearUniform(preview),
    width: 4000,
    height: 3000,
    takenAt: T0,
    camera: 'Canon EOS 80D',
    gps: HERE,
    ...over,
  };
}

describe('distanceM', () => {
  it('measures 0.001 degrees of latitude as about 111 m, and longitude shrinking with the cosine of latitude', () => {
    expect(distanceM({ lat: 0, lon: 0 }, { lat: 0.001, lon: 0 })).toBeCloseTo(111.19, 1);
    expect(distanceM(HERE, { lat: HERE.lat + 0.001, lon: HERE.lon })).toBeCloseTo(111.19, 1);
    expect(distanceM({ lat: 60, lon: 10 }, { lat: 60, lon: 10.001 })).toBeCloseTo(111.19 / 2, 0);
    expect(distanceM(HERE, HERE)).toBe(0);
    // symmetric
    const p = { lat: -33.86, lon: 151.21 };
    expect(distanceM(HERE, p)).toBeCloseTo(distanceM(p, HERE), 6);
  });
});

describe('matchSimilarShot', () => {
  it('the synthetic burst is a loose picture match but not a near-duplicate (the case this rule exists for)', () => {
    const m = matchSimilarShot(shot(frame1), shot(frame2, { takenAt: T0 + 2000 }));
    expect(m.similar).toBe(true);
    expect(m.evidence.rule).toBe('burst');
    expect(m.evidence.hashDistance).toBeGreaterThan(THRESHOLDS.hashSure);
    expect(m.evidence.hashDistance).toBeLessThanOrEqual(SIMILAR_SHOT.hashDistance);
    expect(m.evidence.takenAtDeltaS).toBe(2);
    expect(m.evidence.distanceM).toBe(0);
    // the duplicate rule alone would not group these two
    expect(matchPair(shot(frame1), shot(frame2, { takenAt: T0 + 2000 })).level).toBe('none');
  });

  it('requires both capture times, at most a minute apart', () => {
    const a = shot(frame1);
    expect(matchSimilarShot(a, shot(frame2, { takenAt: T0 + 30_000 })).similar).toBe(true);
    expect(matchSimilarShot(a, shot(frame2, { takenAt: T0 - 60_000 })).similar).toBe(true);
    const late = matchSimilarShot(a, shot(frame2, { takenAt: T0 + 61_000 }));
    expect(late.similar).toBe(false);
    expect(late.evidence.rule).toBe('capture-time');
    // the same picture without a capture time is not a burst: the gate is what makes the loose test safe
    for (const m of [matchSimilarShot(a, shot(frame1, { takenAt: undefined })), matchSimilarShot(shot(frame1, { takenAt: undefined }), a)]) {
      expect(m.similar).toBe(false);
      expect(m.evidence.rule).toBe('capture-time');
    }
  });

  it('different cameras are different shots; a missing camera does not veto', () => {
    const a = shot(frame1);
    const other = matchSimilarShot(a, shot(frame2, { camera: 'Apple iPhone 12' }));
    expect(other.similar).toBe(false);
    expect(other.evidence.rule).toBe('other-camera');
    expect(matchSimilarShot(a, shot(frame2, { camera: undefined })).similar).toBe(true);
  });

  it('GPS positions more than 100 m apart are different places; within 100 m or unknown is fine', () => {
    const a = shot(frame1);
    const far = matchSimilarShot(a, shot(frame2, { gps: { lat: HERE.lat + 0.001, lon: HERE.lon } }));
    expect(far.similar).toBe(false);
    expect(far.evidence.rule).toBe('far-apart');
    expect(far.evidence.distanceM).toBeCloseTo(111.2, 0);
    const close = matchSimilarShot(a, shot(frame2, { gps: { lat: HERE.lat + 0.0008, lon: HERE.lon } }));
    expect(close.similar).toBe(true);
    expect(close.evidence.distanceM).toBeCloseTo(88.96, 0);
    const unknown = matchSimilarShot(a, shot(frame2, { gps: undefined }));
    expect(unknown.similar).toBe(true);
    expect(unknown.evidence.distanceM).toBeUndefined();
  });

  it('flat pictures (sky, black frames) are never similar shots, even with equal embeddings', () => {
    const a = shot(sky, { embedding: unitWithCosine(1) });
    expect(a.nearUniform).toBe(true);
    const m = matchSimilarShot(a, shot(sky, { embedding: unitWithCosine(1), takenAt: T0 + 1000 }));
    expect(m.similar).toBe(false);
    expect(m.evidence.rule).toBe('flat');
  });

  it('passes the picture test by embedding cosine alone, at 0.6 and not below', () => {
    // hashes of unrelated scenes, so only the embedding can pass
    const a = shot(frame1, { embedding: unitWithCosine(1) });
    const yes = matchSimilarShot(a, shot(otherScene, { embedding: unitWithCosine(0.6) }));
    expect(yes.evidence.hashDistance).toBeGreaterThan(SIMILAR_SHOT.hashDistance);
    expect(yes.similar).toBe(true);
    expect(yes.score).toBeCloseTo(0.6, 5);
    const no = matchSimilarShot(a, shot(otherScene, { embedding: unitWithCosine(0.55) }));
    expect(no.similar).toBe(false);
    expect(no.evidence.rule).toBe('no-match');
  });

  it('passes the picture test by hash distance alone, at the limit and not 2 bits beyond', () => {
    const h = 0x5a5a_1234_f0f0_0f0fn;
    // 8 "variants" of which only [0] is near h: the others are far in the top 32 bits
    const variants = (x: bigint): bigint[] =>
      [0n, 0xffff_ffffn, 0xffff_fff0n, 0x0fff_ffffn, 0xff0f_ffffn, 0xffff_f0ffn, 0xffff_0fffn, 0xfff0_ffffn].map((m) => x ^ (m << 32n));
    const flip = (x: bigint, n: number): bigint => x ^ ((1n << BigInt(n)) - 1n);
    const base: DuplicateSignals = { phash: variants(h), nearUniform: false, width: 4000, height: 3000, takenAt: T0 };
    const limit = SIMILAR_SHOT.hashDistance;
    const atLimit = matchSimilarShot(base, { ...base, phash: variants(flip(h, limit)) });
    expect(atLimit.evidence.hashDistance).toBe(limit);
    expect(atLimit.similar).toBe(true);
    expect(atLimit.score).toBeCloseTo(1 - limit / 64, 6);
    const beyond = matchSimilarShot(base, { ...base, phash: variants(flip(h, limit + 2)) });
    expect(beyond.evidence.hashDistance).toBe(limit + 2);
    expect(beyond.similar).toBe(false);
    // neither a hash nor an embedding: nothing to compare the pictures by
    expect(matchSimilarShot({ width: 1, height: 1, takenAt: T0 }, { width: 1, height: 1, takenAt: T0 }).similar).toBe(false);
  });

  it('unrelated pictures taken in the same minute on the same camera are not similar', () => {
    const m = matchSimilarShot(shot(frame1, { embedding: unitWithCosine(1) }), shot(otherScene, { embedding: unitWithCosine(0.3), takenAt: T0 + 5000 }));
    expect(m.similar).toBe(false);
    expect(m.evidence.rule).toBe('no-match');
  });
});
