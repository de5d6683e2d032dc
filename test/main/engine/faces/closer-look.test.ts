// The closer look (closer-look.ts): which heads are read from the original, and the crops cut from it. A large
// original is made in the test (a face fixture pasted small on a grey 6000 x 4000 JPEG), never shipped.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSER_LOOK, closerCrops, closerRegions, headSquare } from '../../../../src/main/engine/faces/closer-look.js';
import { faceQuality, type PersonBox } from '../../../../src/main/engine/faces/face-types.js';
import type { RgbImage } from '../../../../src/main/engine/media/rgb-image.js';
import { FaceRunner, SECOND_LOOK } from '../../../../src/main/worker/faces/face-runner.js';
import { REPO_ROOT, makeTempDir } from '../../../helpers/fixtures.js';

/** A person box in fractions of a W x H image from its pixels [x0, y0, x1, y1]. */
const person = ([x0, y0, x1, y1]: number[], W: number, H: number, score = 0.8): PersonBox => ({ box: [x0 / W, y0 / H, x1 / W, y1 / H], score });

describe('closerRegions', () => {
  it('shares the second look\'s crop size, smallest head and persons believed', () => {
    expect(CLOSER_LOOK.size).toBe(SECOND_LOOK.size);
    expect(CLOSER_LOOK.minSide).toBe(SECOND_LOOK.minSide);
    expect(CLOSER_LOOK.minPersonScore).toBe(SECOND_LOOK.minPersonScore);
  });

  it('reads the heads under minSide in the preview that are at least minSide in the original, largest first', () => {
    const [W, H] = [1280, 960];
    const tiny = person([100, 100, 108, 130], W, H); // head 9 px: 36 px at 4x, 18 px at 2x
    const small = person([300, 300, 320, 360], W, H); // head 22 px
    const seen = person([600, 300, 660, 480], W, H); // head 66 px: the second look's
    expect(closerRegions(W, H, 4, [tiny, small, seen])).toEqual([headSquare([300, 300, 320, 360], W, H), headSquare([100, 100, 108, 130], W, H)]);
    // at 2x the tiny head is 18 px in the original: nothing to find there either
    expect(closerRegions(W, H, 2, [tiny, small, seen])).toEqual([headSquare([300, 300, 320, 360], W, H)]);
    // an original under twice the preview is not read; nor a person the detector was unsure of
    expect(closerRegions(W, H, 1.9, [tiny, small])).toEqual([]);
    expect(closerRegions(W, H, 4, [{ ...small, score: CLOSER_LOOK.minPersonScore / 2 }])).toEqual([]);
    // at most maxLooks
    const crowd = Array.from({ length: 9 }, (_, i) => person([20 + 40 * i, 500, 40 + 40 * i, 560], W, H));
    expect(closerRegions(W, H, 4, crowd)).toHaveLength(CLOSER_LOOK.maxLooks);
  });

  it('places the head square at the top of the box, as wide as the box, inside the image', () => {
    expect(headSquare([100, 100, 120, 160], 1280, 960)).toEqual([99, 98, 22]);
    // at the photo's corner it is moved inside
    const [l, t, s] = headSquare([0, 0, 30, 90], 1280, 960);
    expect([l, t]).toEqual([0, 0]);
    expect(s).toBe(33);
  });
});

describe('closerCrops', () => {
  let tmp: { dir: string; cleanup: () => void };
  let file: string;
  let preview: RgbImage;
  // anne-helene.jpg (373 x 560, her face at 130-210 x 142-222) at 130 px wide on a 6000 x 4000 grey photo: a face of
  // about 28 px there, 6 px in the 1280 px preview; the person box is the pasted portrait's rectangle
  const [W, H, left, top, w] = [6000, 4000, 3100, 1500, 130];
  const h = Math.round((w * 560) / 373);
  beforeAll(async () => {
    tmp = makeTempDir();
    file = path.join(tmp.dir, 'large.jpg');
    const portrait = await sharp(path.join(REPO_ROOT, 'test', 'fixtures', 'faces', 'anne-helene.jpg')).resize(w, h, { fit: 'fill' }).png().toBuffer();
    await sharp({ create: { width: W, height: H, channels: 3, background: '#777' } }).composite([{ input: portrait, left, top }]).jpeg({ quality: 90 }).toFile(file);
    const { data, info } = await sharp(file).resize(1280, 1280, { fit: 'inside' }).raw().toBuffer({ resolveWithObject: true });
    preview = { data, width: info.width, height: info.height, channels: 3 };
  }, 60_000);
  afterAll(() => tmp?.cleanup());

  it('cuts the small head from the original at its own resolution, zoomed to the crop size', async () => {
    const crops = await closerCrops(file, preview, [person([left, top, left + w, top + h], W, H)]);
    expect(crops).toHaveLength(1);
    const [{ region: [x, y, side], image }] = crops;
    expect([image.width, image.height, image.data.length]).toEqual([CLOSER_LOOK.size, CLOSER_LOOK.size, CLOSER_LOOK.size * CLOSER_LOOK.size * 3]);
    // the region, in the preview's pixels, is the head square of the person box there
    const k = preview.width / W;
    expect([x, y, side]).toEqual(headSquare([left * k, top * k, (left + w) * k, (top + h) * k], preview.width, preview.height));
    // the crop holds the original's detail: far more contrast than the same square of the preview zoomed
    const spread = (d: Uint8Array) => {
      let lo = 255;
      let hi = 0;
      for (const v of d) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      return hi - lo;
    };
    expect(spread(image.data)).toBeGreaterThan(100);
  });

  it('lets the face models find the face there, listed (small in the preview), and only there', async () => {
    const runner = await FaceRunner.create(path.join(REPO_ROOT, 'resources', 'models'), ['cpu'], 1);
    try {
      const people = [person([left, top, left + w, top + h], W, H)];
      // the preview alone: the face is about 6 px there, and its head region under the second look's smallest
      expect(await runner.faces(preview, undefined, people, { profileLook: false })).toHaveLength(0);
      const found = await runner.faces(preview, undefined, people, { profileLook: false, closer: await closerCrops(file, preview, people) });
      expect(found).toHaveLength(1);
      // on her face (130-210 x 142-222 of the 373 x 560 portrait), in the preview's pixels
      const k = preview.width / W;
      const [x, y, bw, bh] = found[0].box;
      expect(x + bw / 2).toBeGreaterThan((left + (w * 130) / 373) * k);
      expect(x + bw / 2).toBeLessThan((left + (w * 210) / 373) * k);
      expect(y + bh / 2).toBeGreaterThan((top + (h * 142) / 560) * k);
      expect(y + bh / 2).toBeLessThan((top + (h * 222) / 560) * k);
      expect(faceQuality(found[0])).not.toBe('ok');
      // the crop of a region where nobody is finds nothing
      const elsewhere = [person([500, 500, 500 + w, 500 + h], W, H)];
      expect(await runner.faces(preview, undefined, elsewhere, { profileLook: false, closer: await closerCrops(file, preview, elsewhere) })).toHaveLength(0);
    } finally {
      await runner.release();
    }
  }, 60_000);

  it('cuts the region of the photo as displayed from an original stored sideways (EXIF orientation 6)', async () => {
    const sideways = path.join(tmp.dir, 'sideways.jpg');
    await sharp(file).rotate(-90).withMetadata({ orientation: 6 }).jpeg({ quality: 90 }).toFile(sideways);
    const people = [person([left, top, left + w, top + h], W, H)];
    const [upright] = await closerCrops(file, preview, people);
    const [turned] = await closerCrops(sideways, preview, people);
    expect(turned.region).toEqual(upright.region);
    // the same pixels, give or take the JPEG re-encoding
    let diff = 0;
    for (let i = 0; i < upright.image.data.length; i++) diff += Math.abs(upright.image.data[i] - turned.image.data[i]);
    expect(diff / upright.image.data.length).toBeLessThan(6);
  }, 60_000);

  it('reads nothing where no head is small, the original is not large, or the file cannot be read', async () => {
    expect(await closerCrops(file, preview, [])).toEqual([]);
    expect(await closerCrops(file, preview, undefined)).toEqual([]);
    // a large person: the second look's
    expect(await closerCrops(file, preview, [person([2000, 1000, 3000, 3500], W, H)])).toEqual([]);
    // the preview is the original: nothing more to see in it
    const small = person([left, top, left + w, top + h], W, H);
    const { data, info } = await sharp(file).resize(2800, 2800, { fit: 'inside' }).raw().toBuffer({ resolveWithObject: true });
    expect(await closerCrops(file, { data, width: info.width, height: info.height, channels: 3 }, [small])).toEqual([]);
    const broken = path.join(tmp.dir, 'broken.jpg');
    fs.writeFileSync(broken, 'not a photo');
    expect(await closerCrops(broken, preview, [small])).toEqual([]);
  });
});
