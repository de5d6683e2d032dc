// Decoding of the formats that need more than a plain sharp call: HEIC (WASM libheif), AVIF rotation,
// RAW previews, alpha, CMYK, 16-bit, and shrink-to-preview.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { analyzePhoto } from '../../../../src/main/engine/media/analyze.js';
import type { AnalyzedPhoto } from '../../../../src/main/engine/media/types.js';
import { data, meanAbsDiff, useTempDirs } from './helpers.js';

/** Standard deviation of the preview's values: a blank or garbage-free-but-flat decode has ~0. */
function spread(preview: AnalyzedPhoto['preview']): number {
  let sum = 0;
  let sq = 0;
  for (const v of preview.data) { sum += v; sq += v * v; }
  const mean = sum / preview.data.length;
  return Math.sqrt(sq / preview.data.length - mean * mean);
}

const fingerprint = (p: AnalyzedPhoto['preview']): Promise<Buffer> =>
  sharp(p.data, { raw: { width: p.width, height: p.height, channels: 3 } }).resize(16, 16, { fit: 'fill' }).raw().toBuffer();

describe('HEIC / HEIF', () => {
  it.each([
    ['exif-samples/heic/IMG_5195.HEIC', 'portrait'],
    ['exif-samples/heic/samplefilehub.heif', 'landscape'],
  ])('%s decodes to a %s photo with real content', async (rel, shape) => {
    const photo = await analyzePhoto(data('robustness', rel), { mtimeMs: 0 });
    expect(photo.format).toBe('heic');
    expect(Math.min(photo.width, photo.height)).toBeGreaterThanOrEqual(400);
    expect(photo.width > photo.height).toBe(shape === 'landscape');
    // the preview keeps the photo's proportions and is filled with an actual picture
    expect(Math.max(photo.preview.width, photo.preview.height)).toBe(Math.min(1280, Math.max(photo.width, photo.height)));
    expect(photo.preview.width / photo.preview.height).toBeCloseTo(photo.width / photo.height, 1);
    expect(spread(photo.preview)).toBeGreaterThan(15);
    // the size libheif displays (container rotation applied), as sharp's libheif reads it from the header
    const header = await sharp(data('robustness', rel)).metadata();
    expect([photo.width, photo.height]).toEqual([header.width, header.height]);
    expect(photo.metadata.orientation).toBe(1);
  }, 60_000);
});

describe('AVIF', () => {
  it('applies the container rotation and mirroring: all rot/mir variants look like rot0mir0', async () => {
    const dir = data('robustness/pillow-tests/avif');
    const reference = await analyzePhoto(path.join(dir, 'rot0mir0.avif'), { mtimeMs: 0 });
    const ref = await fingerprint(reference.preview);
    for (const r of [0, 1, 2, 3]) {
      for (const m of [0, 1]) {
        const photo = await analyzePhoto(path.join(dir, `rot${r}mir${m}.avif`), { mtimeMs: 0 });
        expect(photo.format).toBe('avif');
        expect([photo.width, photo.height]).toEqual([reference.width, reference.height]);
        expect(meanAbsDiff(await fingerprint(photo.preview), ref), `rot${r}mir${m}`).toBeLessThan(6);
      }
    }
  });
});

/**
 * A TIFF-container RAW as cameras write them (NEF, ARW, DNG, ...): IFD0 with Make, Model and
 * Orientation, sensor data we cannot decode, and an embedded JPEG preview somewhere in the file.
 */
function tiffRaw(preview: Buffer, tags: { make: string; model: string; orientation: number }): Buffer {
  const strings = [Buffer.from(`${tags.make}\0`), Buffer.from(`${tags.model}\0`)];
  const entries = 3;
  const ifdSize = 2 + entries * 12 + 4;
  const dataStart = 8 + ifdSize;
  const header = Buffer.alloc(dataStart);
  header.write('II*\0', 0, 'latin1');
  header.writeUInt32LE(8, 4);
  header.writeUInt16LE(entries, 8);
  const entry = (i: number, tag: number, type: number, count: number, value: number) => {
    const at = 10 + i * 12;
    header.writeUInt16LE(tag, at);
    header.writeUInt16LE(type, at + 2);
    header.writeUInt32LE(count, at + 4);
    if (type === 3) header.writeUInt16LE(value, at + 8); else header.writeUInt32LE(value, at + 8);
  };
  entry(0, 0x010f, 2, strings[0].length, dataStart);
  entry(1, 0x0110, 2, strings[1].length, dataStart + strings[0].length);
  entry(2, 0x0112, 3, 1, tags.orientation);
  // fake sensor data (with a stray FF D8 FF that is not a JPEG), then the preview
  const sensor = Buffer.alloc(4096, 0x5a);
  sensor.set([0xff, 0xd8, 0xff, 0x00, 0x12], 100);
  return Buffer.concat([header, ...strings, sensor, preview]);
}

describe('camera RAW', () => {
  const tmp = useTempDirs();

  it('decodes the embedded JPEG preview of a TIFF-based RAW, rotated by the RAW\'s orientation', async () => {
    const jpeg = await readFile(data('hires/plasma__Kite.jpg'));
    const { width, height } = await sharp(jpeg).metadata();
    const file = path.join(await tmp(), 'DSC_0042.nef');
    await writeFile(file, tiffRaw(jpeg, { make: 'NIKON CORPORATION', model: 'NIKON D7000', orientation: 6 }));

    const photo = await analyzePhoto(file, { mtimeMs: 0 });
    expect(photo.format).toBe('raw');
    expect(photo.formatLabel).toBe('Nikon NEF (embedded preview)');
    expect([photo.width, photo.height]).toEqual([height, width]); // orientation 6 turns it upright
    expect(photo.metadata).toMatchObject({ cameraMake: 'NIKON CORPORATION', cameraModel: 'NIKON D7000', orientation: 6 });

    // the same picture as the JPEG itself, turned 90° clockwise
    const direct = await sharp(jpeg).rotate(90).resize(16, 16, { fit: 'fill' }).raw().toBuffer();
    expect(meanAbsDiff(await fingerprint(photo.preview), direct)).toBeLessThan(6);
  });

  it('picks the largest embedded JPEG when there are several', async () => {
    const big = await readFile(data('hires/plasma__Kite.jpg'));
    const thumb = await sharp(big).resize(160, 100).jpeg().toBuffer();
    const file = path.join(await tmp(), 'IMG_1.cr2');
    const raw = tiffRaw(Buffer.concat([thumb, Buffer.alloc(64), big]), { make: 'Canon', model: 'Canon EOS 5D', orientation: 1 });
    await writeFile(file, raw);
    const photo = await analyzePhoto(file, { mtimeMs: 0 });
    const { width, height } = await sharp(big).metadata();
    expect([photo.width, photo.height]).toEqual([width, height]);
  });
});

describe('pixel formats', () => {
  it('flattens transparency on white', async () => {
    const file = data('robustness/pillow-tests/transparent.webp');
    const { data: rgba, info } = await sharp(file).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const photo = await analyzePhoto(file, { mtimeMs: 0 });
    expect([photo.preview.width, photo.preview.height]).toEqual([info.width, info.height]);
    let checked = 0;
    for (let px = 0; px < info.width * info.height; px++) {
      if (rgba[px * 4 + 3] !== 0) continue;
      expect([...photo.preview.data.subarray(px * 3, px * 3 + 3)]).toEqual([255, 255, 255]);
      checked++;
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('turns CMYK JPEG, 16-bit PNG and grayscale into 8-bit RGB', async () => {
    for (const rel of ['pillow-tests/pil_sample_cmyk.jpg', 'pillow-tests/apng/mode_16bit.png', 'pillow-tests/hopper_16bit_qtables.jpg',
      'pillow-tests/tiff_16bit_RGB.tiff', 'pillow-tests/g4_orientation_1.tif']) {
      const photo = await analyzePhoto(data('robustness', rel), { mtimeMs: 0 });
      expect(photo.preview.channels).toBe(3);
      expect(photo.preview.data.length, rel).toBe(photo.preview.width * photo.preview.height * 3);
      expect(spread(photo.preview), rel).toBeGreaterThan(5);
    }
  });

  it('shrinks a large photo to the requested preview edge, never enlarging a small one', async () => {
    const big = await analyzePhoto(data('hires/lomiri16__Bridge_by_Sander_Klootwijk.jpg'), { mtimeMs: 0, previewEdge: 512 });
    expect(Math.max(big.preview.width, big.preview.height)).toBe(512);
    expect(big.preview.width / big.preview.height).toBeCloseTo(big.width / big.height, 1);
    const small = await analyzePhoto(data('robustness/pillow-tests/hopper.jpg'), { mtimeMs: 0 });
    expect([small.preview.width, small.preview.height]).toEqual([small.width, small.height]);
  });
});
