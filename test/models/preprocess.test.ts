// Preview -> model input: the size and value range each manifest entry asks for, stretching (not
// cropping or padding) like the source libraries, and batches laid out image after image.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ModelManifest } from '../../src/main/engine/models/manifest.js';
import { bytesToRange, inputSizeFor, preprocessForModel, stackBatch, type RgbImage } from '../../src/main/engine/models/preprocess.js';
import { caltechSample, copyPhotos, makeTempDir } from '../helpers/fixtures.js';
import { decodePreview, findModel, loadBundled } from './model-helpers.js';

let manifest: ModelManifest;
let photo: RgbImage;
let tmp: ReturnType<typeof makeTempDir>;

beforeAll(async () => {
  manifest = await loadBundled();
  tmp = makeTempDir('loupe-preprocess-');
  const [file] = copyPhotos(caltechSample(['sunflower'], 1), tmp.dir);
  photo = await decodePreview(file);
});

afterAll(() => tmp?.cleanup());

/** A w x h image whose left half is pure red and right half pure blue. */
function redBlue(w: number, h: number): RgbImage {
  const data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[(y * w + x) * 3 + (x < w / 2 ? 0 : 2)] = 255;
  return { data, width: w, height: h, channels: 3 };
}

/** Bitwise equality of two float arrays (toEqual walks 200k elements one by one, far too slowly). */
const sameFloats = (x: Float32Array, y: Float32Array): boolean =>
  Buffer.from(x.buffer, x.byteOffset, x.byteLength).equals(Buffer.from(y.buffer, y.byteOffset, y.byteLength));

const pixel = (d: Float32Array, w: number, x: number, y: number): number[] => Array.from(d.subarray((y * w + x) * 3, (y * w + x) * 3 + 3));

describe('model input preprocessing', () => {
  test('nsfwjs input: a real photo becomes 224x224x3 floats in 0..1', async () => {
    const entry = findModel(manifest, 'nsfwjs-mobilenetv2');
    const input = await preprocessForModel(photo, entry, 'embed');
    expect([input.height, input.width]).toEqual([224, 224]);
    expect(input.data).toHaveLength(224 * 224 * 3);
    const min = input.data.reduce((a, b) => Math.min(a, b));
    const max = input.data.reduce((a, b) => Math.max(a, b));
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThanOrEqual(1);
    expect(max - min).toBeGreaterThan(0.5); // a real photo has contrast: not an empty or saturated buffer
  });

  test('centernet input: raw 0..255 values at the detection and embedding sizes', async () => {
    const entry = findModel(manifest, 'centernet-coco');
    expect(inputSizeFor(entry, 'detect')).toEqual([512, 512]);
    const detect = await preprocessForModel(photo, entry, 'detect');
    const embed = await preprocessForModel(photo, entry, 'embed');
    expect(detect.data).toHaveLength(512 * 512 * 3);
    expect(embed.data).toHaveLength(256 * 256 * 3);
    expect(detect.data.every((v) => Number.isInteger(v) && v >= 0 && v <= 255)).toBe(true);
    expect(detect.data.reduce((a, b) => Math.max(a, b))).toBeGreaterThan(128);
  });

  test('the image is stretched to fill the square: both halves survive, nothing is padded', async () => {
    const entry = findModel(manifest, 'nsfwjs-mobilenetv2');
    const input = await preprocessForModel(redBlue(300, 100), entry, 'embed');
    const w = input.width;
    for (const y of [0, 111, 223]) {
      expect(pixel(input.data, w, 0, y)).toEqual([1, 0, 0]);
      expect(pixel(input.data, w, 223, y)).toEqual([0, 0, 1]);
    }
    expect(pixel(input.data, w, 100, 0)[0]).toBeCloseTo(1, 2);
    expect(pixel(input.data, w, 123, 223)[2]).toBeCloseTo(1, 2);
  });

  test('byte mapping hits the ends of the range exactly', () => {
    const bytes = Uint8Array.from([0, 51, 255]);
    expect(Array.from(bytesToRange(bytes, [0, 1]))).toEqual([0, Math.fround(51 / 255), 1]);
    expect(Array.from(bytesToRange(bytes, [0, 255]))).toEqual([0, 51, 255]);
    expect(Array.from(bytesToRange(bytes, [-1, 1]))).toEqual([-1, Math.fround(-1 + 0.4), 1]);
  });

  test('a batch holds the images one after another; mismatched sizes and unknown purposes are refused', async () => {
    const entry = findModel(manifest, 'centernet-coco');
    const a = await preprocessForModel(photo, entry, 'embed');
    const b = await preprocessForModel(redBlue(64, 64), entry, 'embed');
    const batch = stackBatch([a, b]);
    expect(batch.dims).toEqual([2, 256, 256, 3]);
    expect(sameFloats(batch.data.subarray(0, a.data.length), a.data)).toBe(true);
    expect(sameFloats(batch.data.subarray(a.data.length), b.data)).toBe(true);
    const detect = await preprocessForModel(photo, entry, 'detect');
    expect(() => stackBatch([a, detect])).toThrow(/same size/);
    expect(() => inputSizeFor(entry, 'thumbnail')).toThrow(/no input size/);
  });
});
