import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { centreHashes, contentHashes, DIHEDRAL, dihedralHashes, hamming, hashToHex, hexToHash, isNearUniform, minDihedralDistance, perceptualHash } from '../../../../src/main/engine/duplicates/perceptual-hash.js';
import { THRESHOLDS } from '../../../../src/main/engine/duplicates/near-duplicate-rule.js';
import { TEST_PHOTOS } from '../../../helpers/fixtures.js';
import type { RgbImage } from '../../../../src/main/engine/media/rgb-image.js';

const DATA = TEST_PHOTOS;
// one hires wallpaper and photos of unrelated Caltech classes
const SOURCES = [
  'hires/mate__GreenMeadow.jpg',
  'caltech101-dev/Leopards/' ,
  'caltech101-dev/airplanes/',
  'caltech101-dev/accordion/',
  'caltech101-dev/Motorbikes/',
];

let dir: string;
let photos: string[];

/** The engine's preview: upright sRGB RGB, long edge <= 1280. */
async function preview(img: Sharp): Promise<RgbImage> {
  const { data, info } = await img.resize(1280, 1280, { fit: 'inside', withoutEnlargement: true }).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: 3 };
}

/** Synthetic flat picture with a little sensor-like noise: f gives RGB at (x, y) in 0..1. */
function flat(w: number, h: number, f: (x: number, y: number) => [number, number, number], seed: number): RgbImage {
  const data = new Uint8Array(w * h * 3);
  let s = seed;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32 - 0.5) * 6;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const c = f(x / w, y / h);
      for (let k = 0; k < 3; k++) data[(y * w + x) * 3 + k] = Math.max(0, Math.min(255, Math.round(c[k] + rnd())));
    }
  }
  return { data, width: w, height: h, channels: 3 };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'loupe-phash-test-'));
  const { readdir } = await import('node:fs/promises');
  photos = [];
  for (const src of SOURCES) {
    const file = src.endsWith('/') ? path.join(src, (await readdir(path.join(DATA, src))).sort()[0]) : src;
    const dest = path.join(dir, file.replaceAll('/', '_'));
    await copyFile(path.join(DATA, file), dest);
    photos.push(dest);
  }
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('perceptualHash', () => {
  it('is close for a resized, re-compressed copy and far for other photos', async () => {
    const hashes = await Promise.all(photos.map(async (f) => perceptualHash(await preview(sharp(f)))));
    for (const [i, f] of photos.entries()) {
      const meta = await sharp(f).metadata();
      const copy = await sharp(f).resize({ width: Math.round(meta.width / 2) }).jpeg({ quality: 40 }).toBuffer();
      const h = perceptualHash(await preview(sharp(copy)));
      expect(hamming(h, hashes[i]), path.basename(f)).toBeLessThanOrEqual(THRESHOLDS.hashSure);
      for (let j = 0; j < photos.length; j++) {
        if (j !== i) expect(hamming(hashes[i], hashes[j]), `${i} vs ${j}`).toBeGreaterThan(THRESHOLDS.hashLoose);
      }
    }
  });

  it('round-trips through hex and counts differing bits', () => {
    const h = 0x8000_0000_0000_0001n;
    expect(hexToHash(hashToHex(h))).toBe(h);
    expect(hashToHex(1n)).toBe('0000000000000001');
    expect(hamming(h, 0n)).toBe(2);
    expect(hamming(0xffff_ffff_ffff_ffffn, 0n)).toBe(64);
  });
});

describe('dihedralHashes', () => {
  // what sharp does, and the variant of the ORIGINAL that must equal the hash of the edited copy
  const cases: [string, (s: Sharp) => Sharp, (typeof DIHEDRAL)[number]][] = [
    ['rotate 90', (s) => s.rotate(90), 'rot90'],
    ['rotate 180', (s) => s.rotate(180), 'rot180'],
    ['rotate 270', (s) => s.rotate(270), 'rot270'],
    ['mirror left-right', (s) => s.flop(), 'flipH'],
    ['mirror top-bottom', (s) => s.flip(), 'flipV'],
    // sharp mirrors before it rotates, whatever the call order
    ['transpose', (s) => s.rotate(270).flop(), 'transpose'],
    ['anti-transpose', (s) => s.rotate(90).flop(), 'antiTranspose'],
  ];
  it.each(cases)('matches a copy after %s without decoding it again', async (_name, op, expected) => {
    const f = photos[0];
    const variants = dihedralHashes(await preview(sharp(f)));
    expect(variants).toHaveLength(8);
    const copy = await op(sharp(f)).jpeg({ quality: 85 }).toBuffer();
    const h = perceptualHash(await preview(sharp(copy)));
    const m = minDihedralDistance(h, variants);
    expect(m.transform).toBe(expected);
    expect(m.distance).toBeLessThanOrEqual(THRESHOLDS.hashSure);
    // and the copy does NOT match the untransformed hash: the variants are what make it match
    expect(hamming(h, variants[0])).toBeGreaterThan(THRESHOLDS.hashLoose);
  });
});

describe('centreHashes', () => {
  it('brings a 90% crop closer than the whole-picture hash does', async () => {
    let closer = 0;
    for (const f of photos) {
      const p = await preview(sharp(f));
      const { width, height } = await sharp(f).metadata();
      const w = Math.round(width * 0.9);
      const h = Math.round(height * 0.9);
      const crop = await sharp(f).extract({ left: Math.round((width - w) / 3), top: Math.round((height - h) / 3), width: w, height: h }).jpeg({ quality: 85 }).toBuffer();
      const hc = perceptualHash(await preview(sharp(crop)));
      const whole = minDihedralDistance(hc, dihedralHashes(p)).distance;
      const centre = minDihedralDistance(hc, centreHashes(p)).distance;
      expect(centre, path.basename(f)).toBeLessThanOrEqual(THRESHOLDS.hashLoose);
      if (centre < whole) closer++;
    }
    expect(closer).toBeGreaterThanOrEqual(photos.length - 1);
  });
});

describe('contentHashes', () => {
  it('hashes the picture inside a phone screenshot\'s bands as the photo itself; none without bands or with a flat picture inside', async () => {
    // a wallpaper has no bands (a Caltech airplane has a frame of its own, rightly hashed inside)
    expect(contentHashes(await preview(sharp(photos[0])))).toEqual([]);
    for (const f of photos) {
      const p = await preview(sharp(f));
      // a landscape photo shown on a phone held upright, screenshotted: black above and below
      const shot = await sharp(f).resize({ width: 1170, height: 2532, fit: 'contain', background: '#000' }).png().toBuffer();
      const s = await preview(sharp(shot));
      const whole = minDihedralDistance(perceptualHash(s), dihedralHashes(p)).distance;
      const content = minDihedralDistance(contentHashes(s)[0], dihedralHashes(p)).distance;
      expect(whole, path.basename(f)).toBeGreaterThan(THRESHOLDS.hashSure);
      expect(content, path.basename(f)).toBeLessThanOrEqual(THRESHOLDS.hashSure);
    }
    // a plain grey card on black bands: nothing to identify it by
    const card = await sharp({ create: { width: 600, height: 300, channels: 3, background: '#888' } }).extend({ top: 200, bottom: 200, background: '#000' }).png().toBuffer();
    expect(contentHashes(await preview(sharp(card)))).toEqual([]);
  });
});

describe('isNearUniform', () => {
  const flats: [string, RgbImage][] = [
    ['black frame', flat(640, 480, () => [3, 3, 3], 1)],
    ['white page', flat(600, 800, () => [245, 245, 240], 2)],
    ['vertical sky gradient', flat(800, 600, (_x, y) => [90 + 110 * y, 140 + 80 * y, 220 + 30 * y], 3)],
    ['diagonal sky gradient', flat(800, 600, (x, y) => [70 + 60 * (x + y), 120 + 50 * (x + y), 200 + 25 * (x + y)], 4)],
    ['sky with vignette', flat(800, 600, (x, y) => { const r = (x - 0.5) ** 2 + (y - 0.5) ** 2; return [100 + 40 * y - 60 * r, 150 + 30 * y - 60 * r, 230 - 60 * r]; }, 5)],
  ];
  it.each(flats)('flags a %s', (_name, p) => {
    expect(isNearUniform(p)).toBe(true);
  });

  it('does not flag real photos', async () => {
    for (const f of photos) expect(isNearUniform(await preview(sharp(f))), path.basename(f)).toBe(false);
  });
});
