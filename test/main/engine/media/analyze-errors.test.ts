// Every per-file failure comes back as a MediaError with the right code and a sentence that says why.
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { analyzePhoto } from '../../../../src/main/engine/media/analyze.js';
import { MediaError, type MediaErrorCode } from '../../../../src/main/engine/media/types.js';
import { data, useTempDirs } from './helpers.js';

const HIRES_JPEG = data('hires/lomiri16__Bridge_by_Sander_Klootwijk.jpg');
/** a baseline (not progressive) JPEG: what is missing of it decodes as one grey band */
const BASELINE_JPEG = data('hires/mate__Aqua.jpg');

async function failure(file: string, opts: { maxPixels?: number } = {}): Promise<MediaError> {
  try {
    await analyzePhoto(file, { mtimeMs: Date.now(), ...opts });
  } catch (err) {
    expect(err).toBeInstanceOf(MediaError);
    return err as MediaError;
  }
  throw new Error(`expected ${file} to fail`);
}

function expectFailure(err: MediaError, code: MediaErrorCode, ...mentions: RegExp[]): void {
  expect(err.code).toBe(code);
  expect(err.reason.length).toBeGreaterThan(10);
  expect(err.message).toBe(err.reason);
  for (const m of mentions) expect(err.reason).toMatch(m);
}

describe('analyzePhoto failures', () => {
  const tmp = useTempDirs();

  it('reports a zero-byte file as empty', async () => {
    const file = path.join(await tmp(), 'IMG_0001.jpg');
    await writeFile(file, '');
    expectFailure(await failure(file), 'empty');
  });

  it('reads a JPEG that ends before its picture begins as corrupt: nothing of it decodes', async () => {
    const file = path.join(await tmp(), 'cut.jpg');
    const bytes = await readFile(BASELINE_JPEG);
    await writeFile(file, bytes.subarray(0, Math.floor(bytes.length * 0.005)));
    expectFailure(await failure(file), 'corrupt', /JPEG/, /nothing of it decodes/);
  });

  it('reports a directory named x.jpg as unreadable', async () => {
    const dir = path.join(await tmp(), 'x.jpg');
    await mkdir(dir);
    expectFailure(await failure(dir), 'unreadable', /directory/);
  });

  it('reports a file that vanished before it was read as unreadable', async () => {
    const file = path.join(await tmp(), 'gone.jpg');
    await copyFile(HIRES_JPEG, file);
    await rm(file);
    expectFailure(await failure(file), 'unreadable', /no longer exists/);
  });

  it('rejects a real photo over maxPixels as too-large, naming its size, without decoding it', async () => {
    const { width, height } = await sharp(HIRES_JPEG).metadata();
    const err = await failure(HIRES_JPEG, { maxPixels: 1_000_000 });
    expectFailure(err, 'too-large', new RegExp(`${width}×${height}`));
    // The same file is fine under the default limit.
    await expect(analyzePhoto(HIRES_JPEG, { mtimeMs: 0 })).resolves.toMatchObject({ width, height });
  });

  it('applies maxPixels to HEIC before decoding it', async () => {
    const err = await failure(data('robustness/exif-samples/heic/IMG_5195.HEIC'), { maxPixels: 1_000_000 });
    expectFailure(err, 'too-large', /HEIC/, /×/);
  });

  it('reports a text file named .jpg as not-an-image, saying what the name claimed', async () => {
    const file = path.join(await tmp(), 'notes.jpg');
    await writeFile(file, 'shopping list: milk, eggs\n');
    expectFailure(await failure(file), 'not-an-image', /\.jpg/, /text/);
  });

  it('reports random bytes without an extension as not-an-image', async () => {
    const file = path.join(await tmp(), 'blob');
    await writeFile(file, Buffer.from(Array.from({ length: 256 }, (_, i) => (i * 37) % 256)));
    expectFailure(await failure(file), 'not-an-image', /no extension/);
  });

  it('reports recognised but undecodable formats as unsupported, naming the format', async () => {
    expectFailure(await failure(data('robustness/pillow-tests/hopper.bmp')), 'unsupported', /BMP/);
    expectFailure(await failure(data('robustness/exiftool-t-images/JXL2.jxl')), 'unsupported', /JPEG XL/);
    expectFailure(await failure(data('robustness/pillow-tests/hopper.psd')), 'unsupported', /Photoshop/);
  });

  it('reports a RAW file without an embedded preview as unsupported, naming the camera format', async () => {
    expectFailure(await failure(data('robustness/exiftool-t-images/CanonRaw.cr3')), 'unsupported', /Canon CR3 RAW/, /preview/);
    expectFailure(await failure(data('robustness/exiftool-t-images/Nikon.nef')), 'unsupported', /Nikon NEF RAW/, /preview/);
  });

  it('reports a PNG with a broken data stream as corrupt', async () => {
    expectFailure(await failure(data('robustness/pillow-tests/broken_data_stream.png')), 'corrupt', /PNG/);
  });

  it('rejects nonsensical options as programming errors, not MediaErrors', async () => {
    await expect(analyzePhoto(HIRES_JPEG, { mtimeMs: 0, previewEdge: 0 })).rejects.toThrow(RangeError);
  });
});
