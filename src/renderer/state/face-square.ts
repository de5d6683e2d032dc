// The square of a photo an avatar shows for a face: the face with a margin, kept inside the photo. A face that runs
// out of the frame (a close-up: its box starts above the top edge) or sits at an edge would otherwise show the
// empty background beside the photo in a band across the avatar.
import type { FaceRect } from '../../shared/people-types.js';

/** Margin around the face: the square's side is this times the box's longer side. */
const MARGIN = 1.3;

/** The square [x, y, side] in displayed pixels; `width`/`height` of the photo as displayed (0 when unknown). */
export function faceSquare(box: FaceRect, width: number, height: number): [number, number, number] {
  let side = Math.max(box[2], box[3]) * MARGIN;
  const cx = box[0] + box[2] / 2;
  const cy = box[1] + box[3] / 2;
  if (!(width > 0 && height > 0)) return [cx - side / 2, cy - side / 2, side];
  side = Math.min(side, width, height);
  const inside = (centre: number, extent: number) => Math.min(Math.max(centre - side / 2, 0), extent - side);
  return [inside(cx, width), inside(cy, height), side];
}

/**
 * Where a square cell that crops the photo to cover it (`object-fit: cover`) should sit so that the face is in it:
 * the CSS `object-position`, centred on the face as far as the photo allows. A centred crop of a wide group photo
 * shows its middle third, often without the person whose page it is on.
 */
export function coverFocus(box: FaceRect, width: number, height: number): string {
  if (!(width > 0 && height > 0)) return '50% 50%';
  // object-position p% puts the photo's overflow p% to the left (top); the face centre at fraction f of a photo
  // `ratio` times as long as the cell is centred when p = (f * ratio - 1/2) / (ratio - 1)
  const along = (centre: number, extent: number, cell: number): number => {
    const ratio = extent / cell;
    if (ratio <= 1.001) return 50;
    const p = ((centre / extent) * ratio - 0.5) / (ratio - 1);
    return Math.round(Math.min(1, Math.max(0, p)) * 1000) / 10;
  };
  const side = Math.min(width, height);
  return `${along(box[0] + box[2] / 2, width, side)}% ${along(box[1] + box[3] / 2, height, side)}%`;
}
