// The closer look: heads too small in the viewer-size preview for the second look (face-runner.ts SECOND_LOOK: a head
// region under 32 px there holds a face under about 12 px) are cut from the ORIGINAL, where a large photo still has
// them at 2x-6x the preview's pixels (a 24 px face of a 4000 px photo is 8 px in the 1280 px preview). Only where the
// quick pass's object detector saw the person: a face with no person box around it is not looked for.
import sharp from 'sharp';
import type { RgbImage } from '../media/rgb-image.js';
import { HEAD_LOOK, type CloserCrop, type PersonBox } from './face-types.js';

/**
 * `size`, `minSide` and `minPersonScore` are the second look's (HEAD_LOOK: the crop the detector reads, the smallest
 * head region worth it, the persons believed): here a region under `minSide` in the preview is read from the original
 * where it is at least `minSide` there, and the original at least `minScale` times the preview (less adds too little
 * detail for a decode of the original). `maxLooks` bounds the cost on a crowd.
 */
export const CLOSER_LOOK = { ...HEAD_LOOK, minScale: 2, maxLooks: 4 } as const;

/** A square of an image: left, top, side, in its pixels. */
export type Square = [number, number, number];

/**
 * The head region of a person box ([x0, y0, x1, y1] in an image's pixels): the square as wide as the box at its top,
 * raised by a tenth of that (the detector's box often cuts the top of the head), at most as tall as the box, kept
 * inside the W x H image. It holds a standing person's head and a seated one's head and shoulders.
 */
export function headSquare([x0, y0, x1, y1]: readonly number[], W: number, H: number): Square {
  const side0 = Math.min(x1 - x0, y1 - y0) * 1.1;
  const left = Math.round(Math.max(0, Math.min(W - side0, (x0 + x1) / 2 - side0 / 2)));
  const top = Math.round(Math.max(0, Math.min(H - side0, y0 - side0 * 0.1)));
  const side = Math.round(Math.min(side0, W - left, H - top));
  return [left, top, side];
}

/**
 * Where the closer look reads the original: the head regions (in the preview's pixels, `width` x `height`) of the
 * persons (score >= minPersonScore, largest first) under CLOSER_LOOK.minSide there that are at least minSide in the
 * original (`scale` of its pixels to the preview's, >= minScale), at most maxLooks.
 */
export function closerRegions(width: number, height: number, scale: number, people: readonly PersonBox[]): Square[] {
  if (scale < CLOSER_LOOK.minScale) return [];
  return people
    .filter((p) => p.score >= CLOSER_LOOK.minPersonScore)
    .map((p) => [p.box[0] * width, p.box[1] * height, p.box[2] * width, p.box[3] * height])
    .filter(([x0, y0, x1, y1]) => x1 - x0 >= 1 && y1 - y0 >= 1)
    .sort((a, b) => (b[2] - b[0]) * (b[3] - b[1]) - (a[2] - a[0]) * (a[3] - a[1]))
    .map((box) => headSquare(box, width, height))
    .filter(([, , side]) => side < CLOSER_LOOK.minSide && side * scale >= CLOSER_LOOK.minSide)
    .slice(0, CLOSER_LOOK.maxLooks);
}

/** The original's displayed size (EXIF orientation applied), from its header; null where sharp cannot read it. */
async function displayedSize(file: string): Promise<{ width: number; height: number } | null> {
  const m = await sharp(file).metadata();
  if (!m.width || !m.height) return null;
  return (m.orientation ?? 1) >= 5 ? { width: m.height, height: m.width } : { width: m.width, height: m.height };
}

/**
 * The closer look's crops of the original `file` for `image` (its viewer-size preview, upright): each region of
 * closerRegions cut from the original at its own resolution and zoomed to CLOSER_LOOK.size, with the region in the
 * preview's pixels. One decode of the original for all of them: the rows down to the lowest region's bottom (a
 * baseline JPEG stops there; a progressive one is decoded whole). Nothing (no decode) where no region qualifies, and
 * nothing where the original cannot be read: the look is an extra, never a reason to fail the photo.
 */
export async function closerCrops(file: string, image: RgbImage, people: readonly PersonBox[] | undefined): Promise<CloserCrop[]> {
  if (!people?.length) return [];
  // most photos have no person, or no small one: decide on the boxes before reading the original's header
  if (closerRegions(image.width, image.height, Infinity, people).length === 0) return [];
  try {
    const shown = await displayedSize(file);
    if (!shown) return [];
    const scale = Math.min(shown.width / image.width, shown.height / image.height);
    const regions = closerRegions(image.width, image.height, scale, people);
    if (regions.length === 0) return [];
    // the regions' bounding box in the original's pixels, decoded once
    const at = ([x, y, side]: Square) => [Math.floor(x * scale), Math.floor(y * scale), Math.ceil((x + side) * scale), Math.ceil((y + side) * scale)];
    const boxes = regions.map(at);
    const left = Math.max(0, Math.min(...boxes.map((b) => b[0])));
    const top = Math.max(0, Math.min(...boxes.map((b) => b[1])));
    const right = Math.min(shown.width, Math.max(...boxes.map((b) => b[2])));
    const bottom = Math.min(shown.height, Math.max(...boxes.map((b) => b[3])));
    const { data, info } = await sharp(file).rotate().extract({ left, top, width: right - left, height: bottom - top })
      .removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    const part = { raw: { width: info.width, height: info.height, channels: info.channels as 3 } };
    const crops: CloserCrop[] = [];
    for (const [i, region] of regions.entries()) {
      const [x0, y0, x1, y1] = boxes[i];
      const l = Math.max(0, x0 - left);
      const t = Math.max(0, y0 - top);
      const w = Math.min(info.width - l, x1 - x0);
      const h = Math.min(info.height - t, y1 - y0);
      if (w < 1 || h < 1) continue;
      const zoomed = await sharp(data, part).extract({ left: l, top: t, width: w, height: h })
        .resize(CLOSER_LOOK.size, CLOSER_LOOK.size, { fit: 'fill' }).raw().toBuffer();
      crops.push({ region, image: { data: zoomed, width: CLOSER_LOOK.size, height: CLOSER_LOOK.size, channels: 3 } });
    }
    return crops;
  } catch {
    return [];
  }
}
