// What a copy looks like as a copy, measured on a real photo and copies of it made here.
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { describe, expect, it } from 'vitest';
import { copyQuality, jpegQuality, JPEG_HEAD_BYTES } from '../../../../src/main/engine/duplicates/copy-quality.js';
import { REPO_ROOT } from '../../../helpers/fixtures.js';

const PHOTO = path.join(REPO_ROOT, 'test/fixtures/duplicates/grand_canyon_1.jpg');

async function measure(img: Sharp) {
  const bytes = await img.toBuffer();
  const { data, info } = await sharp(bytes).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  return copyQuality({ data: new Uint8Array(data), width: info.width, height: info.height }, bytes.subarray(0, JPEG_HEAD_BYTES));
}

/** Gaussian noise of `sigma` grey levels from a fixed seed (a print-scan's grain). */
async function noisy(sigma: number): Promise<Sharp> {
  const { data, info } = await sharp(PHOTO).blur(1.5).raw().toBuffer({ resolveWithObject: true });
  let s = 7;
  const rnd = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  for (let i = 0; i < data.length; i++) {
    const g = Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd());
    data[i] = Math.max(0, Math.min(255, Math.round(data[i] + sigma * g)));
  }
  return sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } }).jpeg({ quality: 90 });
}

/** A synthetic picture as PNG bytes, each pixel's RGB from `rgb`. */
function picture(w: number, h: number, rgb: (x: number, y: number) => [number, number, number]): Promise<Buffer> {
  const px = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) px.set(rgb(x, y), (y * w + x) * 3);
  return sharp(px, { raw: { width: w, height: h, channels: 3 } }).png().toBuffer();
}

describe('jpegQuality', () => {
  it('reads the quality a JPEG was saved at from its quantisation table, within a few steps', async () => {
    for (const q of [10, 30, 50, 75, 90, 98]) {
      const est = jpegQuality(await sharp(PHOTO).jpeg({ quality: q }).toBuffer());
      expect(Math.abs(est! - q), `saved at ${q}, read ${est}`).toBeLessThanOrEqual(2);
    }
  });

  it('is null for other formats and for bytes that end before a table', async () => {
    expect(jpegQuality(await sharp(PHOTO).png().toBuffer())).toBeNull();
    const jpeg = await sharp(PHOTO).jpeg({ quality: 80 }).toBuffer();
    expect(jpegQuality(jpeg.subarray(0, 20))).toBeNull();
    expect(jpegQuality(new Uint8Array(0))).toBeNull();
  });
});

describe('copyQuality', () => {
  it('finds the padding of a copy rotated onto a grown canvas, and none in the photo itself', async () => {
    const original = await measure(sharp(PHOTO).jpeg({ quality: 92 }));
    expect(original.paddingShare).toBe(0);
    for (const background of ['#000000', '#ffffff']) {
      const rotated = await measure(sharp(PHOTO).rotate(5, { background }).jpeg({ quality: 90 }));
      // a 5-degree turn of a 3:2 picture grows the canvas by about a sixth: all of it corner triangles
      expect(rotated.paddingShare, background).toBeGreaterThan(0.08);
      expect(rotated.paddingShare, background).toBeLessThan(0.25);
    }
  });

  it('finds the padding of a framed and of a letterboxed copy, and none around a picture on a plain background', async () => {
    const { width, height } = await sharp(PHOTO).metadata();
    const side = Math.round(0.05 * Math.max(width!, height!));
    for (const background of ['#ffffff', '#000000']) {
      const framed = await measure(sharp(PHOTO).extend({ top: side, bottom: side, left: side, right: side, background }).jpeg({ quality: 90 }));
      const expected = 1 - (width! * height!) / ((width! + 2 * side) * (height! + 2 * side));
      // the band ends a pixel or two early where JPEG blends it into the picture
      expect(framed.paddingShare, `framed on ${background}`).toBeGreaterThan(expected - 0.03);
      expect(framed.paddingShare, `framed on ${background}`).toBeLessThanOrEqual(expected + 0.005);
    }
    const boxed = await measure(sharp(PHOTO).resize(800, 800, { fit: 'contain', background: '#000000' }).jpeg({ quality: 85 }));
    const content = Math.min(800 / width!, 800 / height!);
    const expectedBoxed = 1 - (width! * content * height! * content) / (800 * 800);
    expect(boxed.paddingShare).toBeGreaterThan(expectedBoxed - 0.03);
    expect(boxed.paddingShare).toBeLessThanOrEqual(expectedBoxed + 0.005);
    // a dark shape on white, the white all around it: the lines past the white are still mostly white, no frame
    const w = 600;
    const h = 400;
    const px = new Uint8Array(w * h * 3).fill(255);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) if ((x - 300) ** 2 / 150 ** 2 + (y - 200) ** 2 / 120 ** 2 <= 1) px.fill(40 + ((x * 7 + y * 3) % 60), (y * w + x) * 3, (y * w + x) * 3 + 3);
    }
    const product = await measure(sharp(px, { raw: { width: w, height: h, channels: 3 } }).jpeg({ quality: 92 }));
    expect(product.paddingShare).toBe(0);
  });

  it('finds the padding of a dark-footed picture turned on black, where the picture runs into the padding', async () => {
    // a bright sky over mountains in shadow along the foot, black as the padding: the corner fill leaks into them
    const dark = await picture(900, 600, (x, y) => {
      const v = y > 420 ? 2 : 150 + Math.round(60 * Math.sin(x / 37) * Math.cos(y / 23));
      return [v, v, y > 420 ? v : v + 20];
    });
    expect((await measure(sharp(dark).jpeg({ quality: 92 }))).paddingShare).toBe(0);
    for (const angle of [5, -4]) {
      const rotated = await measure(sharp(dark).rotate(angle, { background: '#000000' }).jpeg({ quality: 90 }));
      expect(rotated.paddingShare, `${angle} degrees`).toBeGreaterThan(0.08);
      expect(rotated.paddingShare, `${angle} degrees`).toBeLessThan(0.25);
    }
  });

  it('finds the padding of a picture turned on white whose white corner meets the padding', async () => {
    // a street scene with a white sign in its top right corner (ICDAR 2015 img_145 turned by 5 degrees, a stranger
    // trial): the corners' fills run into each other through the sign, so that no corner's triangle is clean
    const signed = await picture(960, 540, (x, y) => {
      const sign = x > 864 && y < 162;
      const v = sign ? 255 : 90 + Math.round(70 * Math.sin(x / 19) * Math.cos(y / 13));
      return [v, v, sign ? v : v - 30];
    });
    expect((await measure(sharp(signed).jpeg({ quality: 92 }))).paddingShare).toBe(0);
    const onBlack = await measure(sharp(signed).rotate(5, { background: '#000000' }).jpeg({ quality: 90 }));
    const onWhite = await measure(sharp(signed).rotate(5, { background: '#ffffff' }).jpeg({ quality: 90 }));
    expect(onBlack.paddingShare).toBeGreaterThan(0.08);
    // the same padding as on black, where nothing runs into it
    expect(Math.abs(onWhite.paddingShare - onBlack.paddingShare)).toBeLessThan(0.01);
  });

  it('finds the whole padding of a dark photo turned on black, where the fill of one corner runs into the next', async () => {
    // a bar at night (kphotoalbum's bar55_2) turned by 5 degrees on black: the top corner's fill ran through the dark
    // picture into the next corner's, whose triangle then counted for nothing (11% padding instead of 15%), and the
    // turned copy won "more pixels" (the everyday originals of bench/duplicates-groups.ts, seed 3)
    const bar = path.join(REPO_ROOT, 'test/fixtures/faces/bar55-2.jpg');
    const { width, height } = await sharp(bar).metadata();
    for (const angle of [5, -5]) {
      const turned = await sharp(bar).rotate(angle, { background: '#000000' }).jpeg({ quality: 90 }).toBuffer();
      const canvas = await sharp(turned).metadata();
      const expected = 1 - (width! * height!) / (canvas.width! * canvas.height!);
      const { data, info } = await sharp(turned).raw().toBuffer({ resolveWithObject: true });
      const q = copyQuality({ data: new Uint8Array(data), width: info.width, height: info.height });
      expect(Math.abs(q.paddingShare - expected), `${angle} degrees: ${q.paddingShare} against ${expected}`).toBeLessThan(0.015);
    }
  });

  it('measures a noisy copy as noisier, a grey copy as grey, and brightness as no change in sharpness', async () => {
    const original = await measure(sharp(PHOTO).jpeg({ quality: 92 }));
    const scan = await measure(await noisy(12));
    expect(scan.noise).toBeGreaterThan(2 * original.noise + 1);
    const grey = await measure(sharp(PHOTO).grayscale().jpeg({ quality: 92 }));
    expect(grey.chroma).toBeLessThan(1);
    expect(original.chroma).toBeGreaterThan(8);
    expect(original.hueSpread).toBeGreaterThan(0.1);
    // the grey copy tinted one colour has colour, but one hue
    const greyBytes = await sharp(PHOTO).grayscale().toColourspace('srgb').jpeg({ quality: 95 }).toBuffer();
    const tinted = await measure(sharp(greyBytes).tint({ r: 255, g: 200, b: 120 }).jpeg({ quality: 92 }));
    expect(tinted.chroma).toBeGreaterThan(8);
    expect(tinted.hueSpread).toBeLessThan(0.1);
    const brighter = await measure(sharp(PHOTO).linear(1.2, 0).jpeg({ quality: 92 }));
    expect(brighter.sharpness / original.sharpness).toBeGreaterThan(0.85);
    expect(brighter.sharpness / original.sharpness).toBeLessThan(1.15);
    const blurred = await measure(sharp(PHOTO).blur(3).jpeg({ quality: 92 }));
    expect(original.sharpness).toBeGreaterThan(1.5 * blurred.sharpness);
  });

  it('says a flat picture has no texture to measure', async () => {
    const flat = await measure(sharp({ create: { width: 400, height: 300, channels: 3, background: '#6699cc' } }).jpeg());
    expect(flat.texturedShare).toBe(0);
  });
});
