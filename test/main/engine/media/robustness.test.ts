// Every image-named file in the robustness set (truncated, fuzzed, exotic, RAW, HEIC) either analyses to
// a consistent AnalyzedPhoto or fails with a MediaError: never another exception, never a hang.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzePhoto } from '../../../../src/main/engine/media/analyze.js';
import { isPhotoFileName } from '../../../../src/main/engine/media/extensions.js';
import { MediaError, type MediaErrorCode } from '../../../../src/main/engine/media/types.js';
import { ROBUSTNESS } from './helpers.js';

const CODES: MediaErrorCode[] = ['empty', 'unreadable', 'not-an-image', 'unsupported', 'corrupt', 'too-large'];

type Outcome = { ok: true; damage?: string } | { ok: false; code: MediaErrorCode; reason: string };

describe('robustness folder', () => {
  it('analyses every photo-named file or rejects it with a MediaError', async () => {
    const files = (await readdir(ROBUSTNESS, { recursive: true }))
      .map((rel) => path.join(ROBUSTNESS, rel))
      .filter(isPhotoFileName)
      .sort();
    expect(files.length).toBeGreaterThan(150);

    const outcomes = new Map<string, Outcome>();
    const started = performance.now();
    for (const file of files) {
      const { mtimeMs } = await stat(file);
      try {
        const photo = await analyzePhoto(file, { mtimeMs });
        expect(photo.width, file).toBeGreaterThan(0);
        expect(photo.height, file).toBeGreaterThan(0);
        const { preview } = photo;
        expect(preview.channels).toBe(3);
        expect(preview.width * preview.height, file).toBeGreaterThan(0);
        expect(preview.data.length, file).toBe(preview.width * preview.height * 3);
        expect(Math.max(preview.width, preview.height), file).toBeLessThanOrEqual(1280);
        // the preview is the displayed image scaled down, never up, never turned sideways
        expect(preview.width, file).toBeLessThanOrEqual(photo.width);
        expect(preview.height, file).toBeLessThanOrEqual(photo.height);
        expect(Math.abs(preview.width / preview.height - photo.width / photo.height), file)
          .toBeLessThan(2 / Math.min(preview.width, preview.height) + 0.01);
        expect(photo.metadata.orientation).toBeGreaterThanOrEqual(1);
        expect(photo.metadata.orientation).toBeLessThanOrEqual(8);
        outcomes.set(file, photo.damage ? { ok: true, damage: photo.damage } : { ok: true });
      } catch (err) {
        if (!(err instanceof MediaError)) throw new Error(`${file} threw a non-MediaError: ${String(err)}`, { cause: err });
        expect(CODES, file).toContain(err.code);
        expect(err.reason.trim().length, file).toBeGreaterThan(10);
        outcomes.set(file, { ok: false, code: err.code, reason: err.reason });
      }
    }
    const seconds = (performance.now() - started) / 1000;

    const counts: Record<string, number> = {};
    for (const o of outcomes.values()) counts[o.ok ? 'ok' : o.code] = (counts[o.ok ? 'ok' : o.code] ?? 0) + 1;
    console.info(`robustness: ${files.length} files in ${seconds.toFixed(1)} s`, counts);

    // Known cases: what each is must be reported as such.
    const outcome = (rel: string): Outcome | undefined => outcomes.get(path.join(ROBUSTNESS, rel));
    // a JPEG that ends early is read from what decodes (a progressive one: its whole picture, less detailed)
    expect(outcome('pillow-tests/truncated_jpeg.jpg')).toEqual({ ok: true, damage: 'incomplete' });
    expect(outcome('pillow-tests/truncated_image.png')).toMatchObject({ ok: false, code: 'corrupt' });
    expect(outcome('pillow-tests/hopper.bmp')).toMatchObject({ ok: false, code: 'unsupported' });
    expect(outcome('exif-samples/heic/IMG_5195.HEIC')).toEqual({ ok: true });
    expect(outcome('pillow-tests/avif/hopper.avif')).toEqual({ ok: true });
    // damaged EXIF must not cost the photo
    for (const rel of ['pillow-tests/hopper_bad_exif.jpg', 'pillow-tests/invalid-exif.jpg', 'exif-samples/jpg/tests/67-0_length_string.jpg',
      'exif-samples/jpg/invalid/image00971.jpg', 'pillow-tests/exif-dpi-zerodivision.jpg']) {
      expect(outcome(rel), rel).toEqual({ ok: true });
    }
    // the bulk of the folder is real, decodable photos
    expect(counts.ok).toBeGreaterThan(files.length / 2);
  }, 600_000);
});
