// A JPEG that ends early (a card pulled out mid-write, a half-copied download) is read from the part that decodes,
// with what is missing said; one where nothing decodes stays refused (analyze-errors.test.ts).
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzePhoto } from '../../../../src/main/engine/media/analyze.js';
import { data, useTempDirs } from './helpers.js';

const BASELINE_JPEG = data('hires/mate__Aqua.jpg');
const PROGRESSIVE_JPEG = data('hires/lomiri16__aitzgorri_by_Aitzol_Berasategi.jpg');

/** Mean absolute difference of the rows [from, to) of two same-sized previews. */
function rowDiff(a: { data: Uint8Array; width: number }, b: { data: Uint8Array }, from: number, to: number): number {
  let sum = 0;
  for (let i = from * a.width * 3; i < to * a.width * 3; i++) sum += Math.abs(a.data[i] - b.data[i]);
  return sum / ((to - from) * a.width * 3);
}

describe('a JPEG that ends early', () => {
  const tmp = useTempDirs();

  async function cut(source: string, share: number): Promise<string> {
    const file = path.join(await tmp(), 'IMG_0412.jpg');
    const bytes = await readFile(source);
    await writeFile(file, bytes.subarray(0, Math.floor(bytes.length * share)));
    return file;
  }

  it('is read from its upper part, the lower part missing, at the size its header gives', async () => {
    const whole = await analyzePhoto(BASELINE_JPEG, { mtimeMs: 0, previewEdge: 256 });
    expect(whole.damage).toBeUndefined();
    const half = await analyzePhoto(await cut(BASELINE_JPEG, 0.5), { mtimeMs: 0, previewEdge: 256 });
    expect(half.damage).toBe('truncated');
    expect([half.width, half.height]).toEqual([whole.width, whole.height]);
    const p = half.preview;
    expect([p.width, p.height]).toEqual([whole.preview.width, whole.preview.height]);
    // the top is the photo; the bottom row is one flat grey (what every viewer shows of the missing part)
    expect(rowDiff(p, whole.preview, 0, Math.floor(p.height / 4))).toBeLessThan(1.5);
    const bottom = p.data.subarray((p.height - 1) * p.width * 3);
    expect(Math.max(...bottom) - Math.min(...bottom)).toBeLessThanOrEqual(2);
    expect(rowDiff(p, whole.preview, p.height - 4, p.height)).toBeGreaterThan(10);
  });

  it('says "incomplete" where a progressive JPEG shows its whole picture, less detailed', async () => {
    const photo = await analyzePhoto(await cut(PROGRESSIVE_JPEG, 0.5), { mtimeMs: 0, previewEdge: 256 });
    expect(photo.damage).toBe('incomplete');
    expect(photo.preview.width * photo.preview.height).toBeGreaterThan(0);
  });

  it('reads the missing band on the side the file\'s last rows turn to (EXIF orientation)', async () => {
    // orientation 6 (turned a quarter clockwise to stand upright): the file's last rows end up on the left
    const sharp = (await import('sharp')).default;
    const turned = await sharp(BASELINE_JPEG).resize(640).withMetadata({ orientation: 6 }).jpeg({ quality: 90, progressive: false }).toBuffer();
    const file = path.join(await tmp(), 'turned.jpg');
    await writeFile(file, turned.subarray(0, turned.length >> 1));
    const photo = await analyzePhoto(file, { mtimeMs: 0, previewEdge: 256 });
    expect(photo.damage).toBe('truncated');
    expect(photo.height).toBeGreaterThan(photo.width);
    const p = photo.preview;
    const column = (x: number): number[] => Array.from({ length: p.height }, (_, y) => p.data[(y * p.width + x) * 3]);
    const left = column(0);
    const right = column(p.width - 1);
    expect(Math.max(...left) - Math.min(...left)).toBeLessThanOrEqual(2);
    expect(Math.max(...right) - Math.min(...right)).toBeGreaterThan(2);
  });
});
