// Text boxes from a DB (differentiable binarisation) detector's probability map, as PaddleOCR's DBPostProcess
// computes them: threshold the map, take each connected region, fit its minimum-area rectangle, keep it when the
// mean probability inside is high enough, and grow it back to the whole text line ("unclip": the detector is
// trained to mark a shrunk core of each line).

export type Point = [number, number];

/** A text line's rotated rectangle: corners top-left, top-right, bottom-right, bottom-left (image pixels). */
export interface TextQuad {
  points: [Point, Point, Point, Point];
  /** mean text probability inside the region, 0..1 */
  score: number;
}

export interface ProbabilityMap {
  data: Float32Array;
  width: number;
  height: number;
}

export interface DbParams {
  /** a pixel is text when its probability exceeds this */
  pixelThreshold: number;
  /** a region is kept when the mean probability inside its rectangle reaches this */
  boxThreshold: number;
  /** how far the shrunk region grows back: distance = area * ratio / perimeter */
  unclipRatio: number;
  /** shorter side (map pixels) below which a region is noise */
  minSize: number;
  /** at most this many regions, the largest first */
  maxCandidates: number;
}

/** PaddleOCR's defaults (det_db_thresh, det_db_box_thresh, det_db_unclip_ratio, min_size, max_candidates). */
export const DEFAULT_DB_PARAMS: DbParams = { pixelThreshold: 0.3, boxThreshold: 0.6, unclipRatio: 1.5, minSize: 3, maxCandidates: 1000 };

interface RotatedRect {
  cx: number;
  cy: number;
  /** unit vector along the rectangle's first side */
  ux: number;
  uy: number;
  /** side lengths along u and along its perpendicular */
  w: number;
  h: number;
}

/**
 * The text regions of `map`, with corners scaled to an image of `outWidth` x `outHeight` pixels
 * (the map covers the whole image). Sorted top to bottom, then left to right.
 */
export function findTextQuads(map: ProbabilityMap, outWidth: number, outHeight: number, params: DbParams = DEFAULT_DB_PARAMS): TextQuad[] {
  const regions = connectedRegions(map, params.pixelThreshold);
  regions.sort((a, b) => b.size - a.size);
  const sx = outWidth / map.width;
  const sy = outHeight / map.height;
  const quads: TextQuad[] = [];
  for (const region of regions.slice(0, params.maxCandidates)) {
    const hull = convexHull(region.outline);
    if (hull.length < 3) continue;
    const rect = minAreaRect(hull);
    if (Math.min(rect.w, rect.h) < params.minSize) continue;
    const score = meanInside(map, corners(rect));
    if (score < params.boxThreshold) continue;
    const grown = unclip(rect, params.unclipRatio);
    if (Math.min(grown.w, grown.h) < params.minSize + 2) continue;
    const points = orderCorners(corners(grown)).map(([x, y]) => [clamp(x * sx, 0, outWidth), clamp(y * sy, 0, outHeight)] as Point);
    quads.push({ points: points as TextQuad['points'], score });
  }
  return sortReadingOrder(quads);
}

/**
 * The region around the map's peak as a box, however small or thin: the pixels above `params.pixelThreshold`
 * connected to the peak, their upright bounding rectangle grown like a region's (`params.unclipRatio`), corners
 * scaled as findTextQuads scales them; its score is the peak. PaddleOCR's rules drop a region of one row or of a
 * few pixels, so a map can be sure of text somewhere and give no box for it; this is that somewhere. Null when no
 * pixel is above the threshold.
 */
export function peakRegionBox(map: ProbabilityMap, outWidth: number, outHeight: number, params: DbParams = DEFAULT_DB_PARAMS): TextQuad | null {
  const { width, height, data } = map;
  let peak = -1;
  for (let i = 0; i < data.length; i++) if (data[i] > params.pixelThreshold && (peak < 0 || data[i] > data[peak])) peak = i;
  if (peak < 0) return null;
  const seen = new Uint8Array(width * height);
  const stack = [peak];
  seen[peak] = 1;
  let x0 = width, x1 = -1, y0 = height, y1 = -1;
  while (stack.length > 0) {
    const p = stack.pop()!;
    const x = p % width;
    const y = (p - x) / width;
    x0 = Math.min(x0, x);
    x1 = Math.max(x1, x);
    y0 = Math.min(y0, y);
    y1 = Math.max(y1, y);
    for (let ny = Math.max(0, y - 1); ny <= Math.min(height - 1, y + 1); ny++) {
      for (let nx = Math.max(0, x - 1); nx <= Math.min(width - 1, x + 1); nx++) {
        const q = ny * width + nx;
        if (seen[q] === 0 && data[q] > params.pixelThreshold) {
          seen[q] = 1;
          stack.push(q);
        }
      }
    }
  }
  // pixel centres x0..x1 cover x0 - 0.5 .. x1 + 0.5
  const rect: RotatedRect = { cx: (x0 + x1) / 2, cy: (y0 + y1) / 2, ux: 1, uy: 0, w: x1 - x0 + 1, h: y1 - y0 + 1 };
  const sx = outWidth / width;
  const sy = outHeight / height;
  const points = orderCorners(corners(unclip(rect, params.unclipRatio))).map(([x, y]) => [clamp(x * sx, 0, outWidth), clamp(y * sy, 0, outHeight)] as Point);
  return { points: points as TextQuad['points'], score: data[peak] };
}

/** The largest value of the map: how sure the detector is that there is any text at all. */
export function peakProbability(map: ProbabilityMap): number {
  let max = 0;
  for (let i = 0; i < map.data.length; i++) if (map.data[i] > max) max = map.data[i];
  return max;
}

interface Region {
  size: number;
  /** per row of the region: its leftmost and rightmost pixel centres */
  outline: Point[];
}

/** 8-connected regions of pixels above `threshold`. */
function connectedRegions(map: ProbabilityMap, threshold: number): Region[] {
  const { width, height, data } = map;
  const label = new Int32Array(width * height); // 0 = unvisited
  const stack: number[] = [];
  const regions: Region[] = [];
  for (let start = 0; start < data.length; start++) {
    if (label[start] !== 0 || data[start] <= threshold) continue;
    const id = regions.length + 1;
    const rowMin = new Map<number, number>();
    const rowMax = new Map<number, number>();
    let size = 0;
    label[start] = id;
    stack.push(start);
    while (stack.length > 0) {
      const p = stack.pop()!;
      const x = p % width;
      const y = (p - x) / width;
      size++;
      const lo = rowMin.get(y);
      if (lo === undefined || x < lo) rowMin.set(y, x);
      const hi = rowMax.get(y);
      if (hi === undefined || x > hi) rowMax.set(y, x);
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= width) continue;
          const q = ny * width + nx;
          if (label[q] === 0 && data[q] > threshold) {
            label[q] = id;
            stack.push(q);
          }
        }
      }
    }
    const outline: Point[] = [];
    for (const [y, lo] of rowMin) {
      outline.push([lo, y], [rowMax.get(y)!, y]);
    }
    regions.push({ size, outline });
  }
  return regions;
}

/** Andrew's monotone chain; counter-clockwise in image coordinates, no repeated points. */
function convexHull(points: Point[]): Point[] {
  const pts = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (pts.length < 3) return pts;
  const cross = (o: Point, a: Point, b: Point) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: Point[] = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: Point[] = [];
  for (let i = pts.length - 1; i >= 0; i--) {
    const p = pts[i];
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], p) <= 0) upper.pop();
    upper.push(p);
  }
  return lower.slice(0, -1).concat(upper.slice(0, -1));
}

/** The minimum-area enclosing rectangle of a convex polygon (rotating calipers over its edges). */
function minAreaRect(hull: Point[]): RotatedRect {
  let best: RotatedRect | null = null;
  let bestArea = Infinity;
  for (let i = 0; i < hull.length; i++) {
    const [ax, ay] = hull[i];
    const [bx, by] = hull[(i + 1) % hull.length];
    const len = Math.hypot(bx - ax, by - ay);
    if (len === 0) continue;
    const ux = (bx - ax) / len;
    const uy = (by - ay) / len;
    let minU = Infinity, maxU = -Infinity, minV = Infinity, maxV = -Infinity;
    for (const [px, py] of hull) {
      const u = px * ux + py * uy;
      const v = -px * uy + py * ux;
      if (u < minU) minU = u;
      if (u > maxU) maxU = u;
      if (v < minV) minV = v;
      if (v > maxV) maxV = v;
    }
    const area = (maxU - minU) * (maxV - minV);
    if (area < bestArea) {
      bestArea = area;
      const cu = (minU + maxU) / 2;
      const cv = (minV + maxV) / 2;
      best = { cx: cu * ux - cv * uy, cy: cu * uy + cv * ux, ux, uy, w: maxU - minU, h: maxV - minV };
    }
  }
  return best ?? { cx: hull[0][0], cy: hull[0][1], ux: 1, uy: 0, w: 0, h: 0 };
}

/** Offsetting a w x h rectangle outwards by d (rounded corners) has the enclosing rectangle (w + 2d) x (h + 2d). */
function unclip(rect: RotatedRect, ratio: number): RotatedRect {
  const perimeter = 2 * (rect.w + rect.h);
  const d = perimeter > 0 ? (rect.w * rect.h * ratio) / perimeter : 0;
  return { ...rect, w: rect.w + 2 * d, h: rect.h + 2 * d };
}

function corners(r: RotatedRect): Point[] {
  const hx = (r.w / 2) * r.ux, hy = (r.w / 2) * r.uy; // half of side u
  const vx = -(r.h / 2) * r.uy, vy = (r.h / 2) * r.ux; // half of side v
  return [
    [r.cx - hx - vx, r.cy - hy - vy],
    [r.cx + hx - vx, r.cy + hy - vy],
    [r.cx + hx + vx, r.cy + hy + vy],
    [r.cx - hx + vx, r.cy - hy + vy],
  ];
}

/** PaddleOCR's get_mini_boxes order: the two leftmost corners give top-left and bottom-left, the others the rest. */
function orderCorners(pts: Point[]): Point[] {
  const byX = [...pts].sort((a, b) => a[0] - b[0]);
  const [l1, l2, r1, r2] = byX;
  const [tl, bl] = l1[1] <= l2[1] ? [l1, l2] : [l2, l1];
  const [tr, br] = r1[1] <= r2[1] ? [r1, r2] : [r2, r1];
  return [tl, tr, br, bl];
}

/** Mean of the map over the pixels whose centres lie inside the convex quadrilateral (PaddleOCR's "fast" score). */
function meanInside(map: ProbabilityMap, quad: Point[]): number {
  const xs = quad.map((p) => p[0]);
  const ys = quad.map((p) => p[1]);
  const x0 = clamp(Math.floor(Math.min(...xs)), 0, map.width - 1);
  const x1 = clamp(Math.ceil(Math.max(...xs)), 0, map.width - 1);
  const y0 = clamp(Math.floor(Math.min(...ys)), 0, map.height - 1);
  const y1 = clamp(Math.ceil(Math.max(...ys)), 0, map.height - 1);
  let sum = 0;
  let n = 0;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      if (!insideConvex(quad, x, y)) continue;
      sum += map.data[y * map.width + x];
      n++;
    }
  }
  return n > 0 ? sum / n : 0;
}

function insideConvex(quad: Point[], x: number, y: number): boolean {
  let sign = 0;
  for (let i = 0; i < quad.length; i++) {
    const [ax, ay] = quad[i];
    const [bx, by] = quad[(i + 1) % quad.length];
    const c = (bx - ax) * (y - ay) - (by - ay) * (x - ax);
    if (Math.abs(c) < 1e-9) continue; // on the edge counts as inside
    const s = Math.sign(c);
    if (sign === 0) sign = s;
    else if (s !== sign) return false;
  }
  return true;
}

/** Top to bottom; boxes whose tops are within 10 px read left to right (PaddleOCR's sorted_boxes). */
function sortReadingOrder(quads: TextQuad[]): TextQuad[] {
  const out = [...quads].sort((a, b) => a.points[0][1] - b.points[0][1] || a.points[0][0] - b.points[0][0]);
  for (let i = 0; i < out.length - 1; i++) {
    for (let j = i; j >= 0; j--) {
      const a = out[j], b = out[j + 1];
      if (Math.abs(b.points[0][1] - a.points[0][1]) < 10 && b.points[0][0] < a.points[0][0]) {
        out[j] = b;
        out[j + 1] = a;
      } else break;
    }
  }
  return out;
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
