// Keypoints matched and verified geometrically: crops and small rotations of a real photo line up with it,
// different photos (and two different STOP signs) do not.
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { describe, expect, it } from 'vitest';
import { extractLocalFeatures, matchLocalFeatures, MAX_KEYPOINTS, packLocalFeatures, quickAligned, unpackLocalFeatures, unpackLocalSummary } from '../../../../src/main/engine/duplicates/local-features.js';
import { LOCAL, localVerified } from '../../../../src/main/engine/duplicates/near-duplicate-rule.js';
import { REPO_ROOT } from '../../../helpers/fixtures.js';
import { cropOf, keypointsOf } from '../../../helpers/keypoints.js';
import { referenceExtractLocalFeatures } from '../../../helpers/local-features-reference.js';

const fixture = (name: string): string => path.join(REPO_ROOT, 'test/fixtures/duplicates', name);

const features = keypointsOf;
const crop = (file: string, keep: number): Promise<Sharp> => cropOf(file, keep, [0.7, 0.2], 90);

describe('local features', () => {
  it('line up a photo with its crops to 70% and 50% and its copy turned by 5 degrees', async () => {
    const file = fixture('cold_water.jpg');
    const original = await features(sharp(file));
    expect(original.xy.length / 2).toBeGreaterThanOrEqual(LOCAL.minKeypoints);
    const crop70 = matchLocalFeatures(original, await features(await crop(file, 0.7)));
    expect(localVerified(crop70)).toBe(true);
    expect(crop70.scale).toBeGreaterThan(1.2); // the crop shows the same things bigger
    const crop50 = matchLocalFeatures(original, await features(await crop(file, 0.5)));
    expect(localVerified(crop50)).toBe(true);
    const turned = matchLocalFeatures(original, await features(sharp(await sharp(file).rotate(5, { background: '#000' }).jpeg({ quality: 90 }).toBuffer())));
    expect(localVerified(turned)).toBe(true);
    expect(Math.abs(Math.abs(turned.rotationDeg) - 5)).toBeLessThan(2);
  });

  it('do not verify different photos, two different STOP signs, nor two photos of one person', async () => {
    const photos = await Promise.all(['grand_canyon_1.jpg', 'cold_water.jpg', 'new_wave_1.jpg', 'blackie.jpg', 'accordion_0004.jpg'].map((f) => features(sharp(fixture(f)))));
    for (let i = 0; i < photos.length; i++) {
      for (let j = i + 1; j < photos.length; j++) expect(localVerified(matchLocalFeatures(photos[i], photos[j])), `${i} ~ ${j}`).toBe(false);
    }
    const stops = await Promise.all(['stop_sign_0005.jpg', 'stop_sign_0008.jpg'].map((f) => features(sharp(fixture(f)))));
    expect(localVerified(matchLocalFeatures(stops[0], stops[1]))).toBe(false);
    // two photos of one person, same pose, another day and background: the face lines up roughly, nothing else does
    const faces = await Promise.all(['face_0005.jpg', 'face_0007.jpg'].map((f) => features(sharp(fixture(f)))));
    expect(localVerified(matchLocalFeatures(faces[0], faces[1]))).toBe(false);
  });

  it('quick aligned look: a crop to half lines up well above its threshold, different photos do not', async () => {
    const file = fixture('cold_water.jpg');
    const original = await features(sharp(file));
    const half = await features(await crop(file, 0.5));
    // the full comparison runs only past 5 aligned and 5% of the overlap (local-features.ts); a crop must clear it with room
    expect(quickAligned(original, half).aligned).toBeGreaterThanOrEqual(10);
    expect(quickAligned(half, original).aligned).toBeGreaterThanOrEqual(10);
    // different photos: most are turned away before the full comparison (which would not verify them either)
    const photos = await Promise.all(['grand_canyon_1.jpg', 'cold_water.jpg', 'new_wave_1.jpg', 'blackie.jpg', 'accordion_0004.jpg'].map((f) => features(sharp(fixture(f)))));
    const aligned: number[] = [];
    for (let i = 0; i < photos.length; i++) for (let j = i + 1; j < photos.length; j++) aligned.push(quickAligned(photos[i], photos[j]).aligned);
    expect(aligned.filter((n) => n < 5).length).toBeGreaterThanOrEqual(aligned.length / 2);
    expect(Math.max(...aligned)).toBeLessThan(10);
  });

  it('store in at most 8 KB a photo and read back the same', async () => {
    const f = await features(sharp(fixture('new_wave_1.jpg')));
    expect(f.xy.length / 2).toBeLessThanOrEqual(MAX_KEYPOINTS);
    const packed = packLocalFeatures(f);
    expect(packed.length).toBeLessThanOrEqual(8 * 1024);
    expect(unpackLocalFeatures(packed)).toEqual(f);
    // a position takes the bits of the largest one (at most 9 in the 320-pixel image), not 16
    const bits = Math.max(...f.xy).toString(2).length;
    expect(bits).toBeLessThanOrEqual(9);
    expect(packed.length).toBe(7 + Math.ceil((f.xy.length * bits) / 8) + f.descriptors.length + 2 + f.thumb!.g.length);
  });

  it('reads records stored before the positions were packed (uint16 positions, no bits byte), with or without a thumbnail', async () => {
    const f = await features(sharp(fixture('new_wave_1.jpg')));
    const n = f.xy.length / 2;
    const old = (thumb: boolean): Buffer => {
      const t = f.thumb!;
      const b = Buffer.alloc(6 + 36 * n + (thumb ? 2 + t.g.length : 0));
      b.writeUInt16LE(f.width, 0);
      b.writeUInt16LE(f.height, 2);
      b.writeUInt16LE(n, 4);
      f.xy.forEach((v, i) => b.writeUInt16LE(v, 6 + 2 * i));
      b.set(f.descriptors, 6 + 4 * n);
      if (thumb) {
        b.writeUInt8(t.w, 6 + 36 * n);
        b.writeUInt8(t.h, 7 + 36 * n);
        b.set(t.g, 8 + 36 * n);
      }
      return b;
    };
    expect(unpackLocalFeatures(old(true))).toEqual(f);
    expect(unpackLocalFeatures(old(false))).toEqual({ ...f, thumb: undefined });
    expect(unpackLocalSummary(old(true))).toEqual({ width: f.width, height: f.height, count: n, thumb: f.thumb });
    expect(unpackLocalSummary(packLocalFeatures(f))).toEqual({ width: f.width, height: f.height, count: n, thumb: f.thumb });
  });

  it('looks again at half the contrast in a dark picture, so that its copies are checked point by point too', async () => {
    // a photo at a seventh of its contrast (a night scene): its corners are as many, only weaker (13 found at the usual contrast)
    const dark = (s: Sharp): Sharp => s.linear(0.14, 12);
    const file = fixture('cold_water.jpg');
    const night = await features(dark(sharp(file)));
    expect(night.xy.length / 2).toBeGreaterThanOrEqual(LOCAL.minKeypoints);
    const m = await sharp(file).metadata();
    const w = Math.round(m.width! * 0.9);
    const h = Math.round(m.height! * 0.9);
    const cropped = await features(sharp(await dark(sharp(file).extract({ left: Math.round((m.width! - w) / 3), top: Math.round((m.height! - h) / 3), width: w, height: h })).jpeg({ quality: 90 }).toBuffer()));
    expect(localVerified(matchLocalFeatures(night, cropped))).toBe(true);
  });

  it('finds too few keypoints in a flat picture to check it point by point', async () => {
    const flat = await features(sharp({ create: { width: 400, height: 300, channels: 3, background: '#6699cc' } }).png());
    expect(flat.xy.length / 2).toBeLessThan(LOCAL.minKeypoints);
  });

  describe('extraction gives the same output, bit for bit, as the straightforward extraction it replaced (issue #15)', () => {
    const same = (data: Uint8Array, width: number, height: number, channels: number, label: string): number => {
      const got = extractLocalFeatures(data, width, height, channels);
      const want = referenceExtractLocalFeatures(data, width, height, channels);
      expect([got.width, got.height], label).toEqual([want.width, want.height]);
      expect(Array.from(got.xy), `${label}: positions`).toEqual(Array.from(want.xy));
      expect(Array.from(got.descriptors), `${label}: descriptors`).toEqual(Array.from(want.descriptors));
      expect(got.thumb && { w: got.thumb.w, h: got.thumb.h, g: Array.from(got.thumb.g) }, `${label}: thumbnail`).toEqual(want.thumb && { w: want.thumb.w, h: want.thumb.h, g: Array.from(want.thumb.g) });
      return got.xy.length / 2;
    };
    const raw = async (img: Sharp, channels: 1 | 3 | 4 = 3): Promise<{ data: Uint8Array; width: number; height: number; channels: number }> => {
      const s = channels === 1 ? img.greyscale() : channels === 4 ? img.ensureAlpha() : img.removeAlpha().toColourspace('srgb');
      const { data, info } = await s.raw().toBuffer({ resolveWithObject: true });
      return { data: new Uint8Array(data), width: info.width, height: info.height, channels: info.channels };
    };

    it('on the fixture photos: at 1280 px (as the copy-quality stage reads them), as they are, grey, with alpha, and dark', async () => {
      const names = ['accordion_0004.jpg', 'blackie.jpg', 'cold_water.jpg', 'face_0005.jpg', 'face_0007.jpg', 'grand_canyon_1.jpg', 'new_wave_1.jpg', 'stop_sign_0005.jpg', 'stop_sign_0008.jpg'];
      let keypoints = 0;
      for (const name of names) {
        const file = fixture(name);
        for (const [label, img] of [
          ['1280 px', sharp(file).resize(1280, 1280, { fit: 'inside' })],
          ['as it is', sharp(file)],
          ['1000 px', sharp(file).resize(1000, 1000, { fit: 'inside' })],
          ['dark', sharp(file).resize(1280, 1280, { fit: 'inside' }).linear(0.14, 12)],
        ] as const) {
          const r = await raw(img);
          keypoints += same(r.data, r.width, r.height, r.channels, `${name} ${label}`);
        }
        for (const channels of [1, 4] as const) {
          const r = await raw(sharp(file), channels);
          same(r.data, r.width, r.height, r.channels, `${name} ${channels} channels`);
        }
      }
      expect(keypoints).toBeGreaterThan(names.length * 4 * 100); // (the comparison compared keypoints)
    });

    it('on synthetic pictures: noise, shapes, a flat picture, one too small for the smaller levels, and odd sizes', () => {
      let s = 7;
      const rnd = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
      const picture = (w: number, h: number, channels: number, pixel: (x: number, y: number, c: number) => number): Uint8Array => {
        const d = new Uint8Array(w * h * channels);
        for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let c = 0; c < channels; c++) d[(y * w + x) * channels + c] = pixel(x, y, c);
        return d;
      };
      const noise = (x: number, y: number, c: number): number => Math.floor(rnd() * 256) ^ (c * 17);
      // squares and discs on a gradient: strong, well separated corners
      const shapes = (x: number, y: number, c: number): number =>
        (Math.floor(x / 37) + Math.floor(y / 29)) % 3 === 0 ? 230 - c * 40 : (x - 200) ** 2 + (y - 150) ** 2 < 60 ** 2 ? 20 + c * 30 : Math.floor((x + y) / 8) % 256;
      for (const [w, h] of [[1280, 960], [960, 1280], [641, 479], [333, 250], [1287, 13], [70, 60], [40, 40]]) {
        for (const channels of [1, 3, 4]) {
          same(picture(w, h, channels, noise), w, h, channels, `noise ${w}x${h}x${channels}`);
          same(picture(w, h, channels, shapes), w, h, channels, `shapes ${w}x${h}x${channels}`);
        }
      }
      same(picture(400, 300, 3, () => 128), 400, 300, 3, 'flat');
      // low contrast everywhere: found again at the lower threshold
      same(picture(640, 480, 3, (x, y, c) => 100 + (shapes(x, y, c) >> 4)), 640, 480, 3, 'faint shapes');
    });
  });
});
