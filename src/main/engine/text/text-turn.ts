// Photos turned in their pixels (a scan or an edit saved sideways or upside down, no EXIF orientation): the turn
// that makes their text upright, and the geometry between the photo as displayed and the photo so turned.
import type { Point } from './db-boxes.js';

/** A clockwise turn, in degrees, that makes the text of a photo as displayed upright (0: it is already). */
export type TextTurn = 0 | 90 | 180 | 270;

export const TEXT_TURNS: readonly TextTurn[] = [0, 90, 180, 270];

/**
 * A point of the photo turned `turn` degrees clockwise (`width` x `height`: the photo before the turn, in any unit:
 * pixels, or 1 x 1 for fractions) mapped back onto the photo as displayed.
 */
export function unturnPoint([x, y]: Point, turn: TextTurn, width: number, height: number): Point {
  switch (turn) {
    case 0: return [x, y];
    case 90: return [y, height - x];
    case 180: return [width - x, height - y];
    case 270: return [width - y, x];
  }
}

/**
 * A line's corners (top-left, top-right, bottom-right, bottom-left as read) in the turned photo, mapped back: the
 * same corners in the same reading order, so cutting the line from the photo as displayed gives the pixels it had
 * in the turned one (line-crop.ts reads along the corners' order, not the image's axes).
 */
export function unturnQuad(quad: readonly Point[], turn: TextTurn, width: number, height: number): Point[] {
  return quad.map((p) => unturnPoint(p, turn, width, height));
}

/**
 * An upright box `[x, y, w, h]` of the turned photo mapped back onto the photo as displayed (`width` x `height`), in
 * whole pixels: quarter turns keep boxes upright.
 */
export function unturnBox([x, y, w, h]: readonly [number, number, number, number], turn: TextTurn, width: number, height: number): [number, number, number, number] {
  const [ax, ay] = unturnPoint([x, y], turn, width, height);
  const [bx, by] = unturnPoint([x + w, y + h], turn, width, height);
  return [Math.min(ax, bx), Math.min(ay, by), Math.abs(bx - ax), Math.abs(by - ay)];
}

/** The same box read the other way up (half a turn): its corners' reading order turned. */
export function halfTurnQuad(quad: readonly Point[]): Point[] {
  return [quad[2], quad[3], quad[0], quad[1]];
}
