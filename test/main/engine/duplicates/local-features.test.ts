// Keypoints matched and verified geometrically: crops and small rotations of a real photo line up with it,
// different photos (and two different STOP signs) do not.
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { describe, expect, it } from 'vitest';
import { matchLocalFeatures, MAX_KEYPOINTS, packLocalFeatures, quickAligned, unpackLocalFeatures, unpackLocalSummary } from '../../../../src/main/engine/duplicates/local-features.js';
import { LOCAL, localVerified } from '../../../../src/main/engine/duplicates/near-duplicate-rule.js';
import { REPO_ROOT } from '../../../helpers/fixtures.js';
import { cropOf, keypointsOf } from '../../../helpers/keypoints.js';

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
});
