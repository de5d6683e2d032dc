// Local features for the duplicate finder: FAST corners with binary BRIEF descriptors over a small image pyramid
// (ORB's detector and descriptor without its orientation: rotations by quarter turns and mirrors are the hash's
// job, and BRIEF without steering is more distinctive and still tolerates the few degrees a straightened photo is
// turned), matched by Hamming distance and verified by a RANSAC similarity transform (scale, rotation, shift).
// This finds what whole-picture signals cannot: crops to half the picture, small rotations, overlays; and it vetoes
// look-alikes (two drawings of one symbol) whose details do not line up.
//
// Hand-written rather than OpenCV's WASM build (@techstark/opencv-js, 10 MB of JavaScript, a second or more to
// start in every process): the whole of it is the few hundred lines below, runs in the index worker's budget
// (bench/duplicates-local-features.ts) and stores a compact record per photo.
import { makeThumbnail, type Similarity, type Thumbnail } from './pixel-agreement.js';

/** Long edge of the image features are found on (the preview, shrunk). */
export const FEATURE_EDGE = 320;
/** Most keypoints kept per photo (36 bytes each: 32 of descriptor, 2 x 2 of position). */
export const MAX_KEYPOINTS = 200;
const FAST_THRESHOLD = 20;
/**
 * A dark or low-contrast picture (a night sky) has corners, only weaker ones: fewer than FEW_CORNERS keypoints at
 * FAST_THRESHOLD, and it is looked at again at half the contrast. Measured on bench/duplicates-groups.ts: 31 of 918
 * photos (one dark wallpaper, 12 keypoints, and its copies) fall below; at 10 the wallpaper has 71 and its crops,
 * turns, caption and JPEG copies line up (none did at 20: "too few details", decided by the hash and embedding alone).
 */
const FEW_CORNERS = 60;
const FAST_THRESHOLD_LOW = 10;
const PATCH = 15; // half the 31-px BRIEF patch
const LEVELS = [1, Math.SQRT1_2, 0.5];

export interface LocalFeatures {
  /** keypoint positions in the level-0 image, x and y interleaved (pixels of the FEATURE_EDGE image) */
  xy: Uint16Array;
  /** 32 bytes of BRIEF per keypoint */
  descriptors: Uint8Array;
  /** the level-0 image size */
  width: number;
  height: number;
  /** the picture small and grey (pixel-agreement.ts), to check that what the keypoints line up agrees in its pixels */
  thumb?: Thumbnail;
  /** xy.length / 2, set on a record read without its keypoints (lazyLocalFeatures: they are read on first use) */
  count?: number;
}

/** How many keypoints a record holds, without reading a lazy record's keypoints. */
export function keypointCount(f: LocalFeatures): number {
  return f.count ?? f.xy.length / 2;
}

/** A stored record's size, keypoint count and thumbnail, without its keypoints (what most pairs grouping compares need). */
export type LocalSummary = Pick<LocalFeatures, 'width' | 'height' | 'thumb'> & { count: number };

/**
 * A record whose keypoints (positions and descriptors) are read by `load` when first used: a grouping compares most
 * pairs by stored verdicts and thumbnails, and reads the keypoints of the few it checks point by point.
 */
export function lazyLocalFeatures(summary: LocalSummary, load: () => LocalFeatures): LocalFeatures {
  // (the caller keeps what it reads as long as it likes)
  return new LazyRecord(summary, load);
}

/**
 * A lazy record (lazyLocalFeatures): its getters on the prototype and its read a field of its own, so that a grouping
 * makes one for each photo of the library cheaply (an object literal with getters, and a weak map to find its read,
 * cost a few µs a photo and the collector's time).
 */
class LazyRecord implements LocalFeatures {
  width: number;
  height: number;
  count: number;
  thumb?: Thumbnail;

  constructor(summary: LocalSummary, readonly load: () => LocalFeatures) {
    this.width = summary.width;
    this.height = summary.height;
    this.count = summary.count;
    if (summary.thumb) this.thumb = summary.thumb;
  }

  get xy(): Uint16Array {
    return this.load().xy;
  }

  get descriptors(): Uint8Array {
    return this.load().descriptors;
  }
}

/** The record itself, its keypoints read (a lazy record's full form). */
export function loaded(f: LocalFeatures): LocalFeatures {
  return f instanceof LazyRecord ? f.load() : f;
}

export interface LocalMatch {
  /** matches consistent with one similarity transform */
  inliers: number;
  /** putative matches (mutual nearest neighbours under the ratio test) */
  matches: number;
  /** the transform from a to b: scale and rotation (degrees) */
  scale: number;
  rotationDeg: number;
  /**
   * inliers within TIGHT_PX once the transform is refitted to all of them (least squares): copies of one picture
   * line up to a pixel; two photos of one scene or face (taken again, not copied) line up only roughly
   */
  tight: number;
  /**
   * keypoints of either picture that fall where the other picture is (under the transform), the fewer of the two:
   * of these, a copy lines up a good share; two photos of one face or scene only the few on the subject
   */
  overlap: number;
  /** the transform from a's keypoint coordinates to b's, refitted to the inliers (identity when none) */
  transform: Similarity;
}

/** The 256 BRIEF point pairs, drawn once from a fixed-seed Gaussian inside the patch (as in the BRIEF paper). */
const PAIRS: Int8Array = (() => {
  let s = 0x2545f491;
  const rnd = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const gauss = (): number => {
    let v: number;
    do v = Math.round(Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd()) * (PATCH / 2.5));
    while (Math.abs(v) > PATCH);
    return v;
  };
  const out = new Int8Array(256 * 4);
  for (let i = 0; i < out.length; i++) out[i] = gauss();
  return out;
})();

/** Grey levels of RGB pixels, shrunk (area average) so the long edge is at most `edge`. */
export function greyImage(data: Uint8Array, width: number, height: number, channels: number, edge: number): { g: Float32Array; w: number; h: number } {
  // an integer box (k x k pixels per output pixel): cheap, and enough before the pyramid's own smoothing
  const k = Math.max(1, Math.ceil(Math.max(width, height) / edge));
  const w = Math.max(1, Math.floor(width / k));
  const h = Math.max(1, Math.floor(height / k));
  const g = new Float32Array(w * h);
  const norm = 1 / (k * k);
  // one output row's sums, filled by reading the k source rows in turn, each from left to right (memory order): a
  // box's pixels are added row by row, left to right, as they always were, so the sums are the same to the bit
  const sums = new Float64Array(w);
  for (let y = 0; y < h; y++) {
    sums.fill(0);
    for (let yy = y * k; yy < y * k + k; yy++) {
      if (channels >= 3) greyRow(data, yy * width * channels, channels, k, w, sums);
      else {
        let p = yy * width * channels;
        for (let x = 0; x < w; x++) {
          let sum = sums[x];
          for (let xx = 0; xx < k; xx++, p += channels) sum += data[p];
          sums[x] = sum;
        }
      }
    }
    const o = y * w;
    for (let x = 0; x < w; x++) g[o + x] = sums[x] * norm;
  }
  return { g, w, h };
}

/** Adds one source row's grey levels to the sums of the `w` boxes of k pixels it starts (RGB pixels). */
function greyRow(data: Uint8Array, p: number, channels: number, k: number, w: number, sums: Float64Array): void {
  if (channels === 3 && k === 4) {
    // the usual case (a 1280-px image shrunk to 320), unrolled
    for (let x = 0; x < w; x++, p += 12) {
      sums[x] = sums[x] + (0.299 * data[p] + 0.587 * data[p + 1] + 0.114 * data[p + 2]) + (0.299 * data[p + 3] + 0.587 * data[p + 4] + 0.114 * data[p + 5]) +
        (0.299 * data[p + 6] + 0.587 * data[p + 7] + 0.114 * data[p + 8]) + (0.299 * data[p + 9] + 0.587 * data[p + 10] + 0.114 * data[p + 11]);
    }
    return;
  }
  for (let x = 0; x < w; x++) {
    let sum = sums[x];
    for (let xx = 0; xx < k; xx++, p += channels) sum += 0.299 * data[p] + 0.587 * data[p + 1] + 0.114 * data[p + 2];
    sums[x] = sum;
  }
}

function resize(src: Float32Array, w: number, h: number, f: number): { g: Float32Array; w: number; h: number } {
  const nw = Math.max(1, Math.round(w * f));
  const nh = Math.max(1, Math.round(h * f));
  const out = new Float32Array(nw * nh);
  // each column's source columns and weights, worked out once rather than on every row
  const X0 = new Int32Array(nw);
  const X1 = new Int32Array(nw);
  const FX = new Float64Array(nw);
  const GX = new Float64Array(nw);
  for (let x = 0; x < nw; x++) {
    const sx = Math.min(w - 1, (x + 0.5) / f - 0.5);
    const x0 = Math.max(0, Math.floor(sx));
    X0[x] = x0;
    X1[x] = Math.min(w - 1, x0 + 1);
    FX[x] = Math.max(0, sx - x0);
    GX[x] = 1 - FX[x];
  }
  for (let y = 0; y < nh; y++) {
    const sy = Math.min(h - 1, (y + 0.5) / f - 0.5);
    const y0 = Math.max(0, Math.floor(sy));
    const y1 = Math.min(h - 1, y0 + 1);
    const fy = Math.max(0, sy - y0);
    const gy = 1 - fy;
    const r0 = y0 * w;
    const r1 = y1 * w;
    const o = y * nw;
    for (let x = 0; x < nw; x++) {
      const x0 = X0[x], x1 = X1[x], fx = FX[x], gx = GX[x];
      out[o + x] = (src[r0 + x0] * gx + src[r0 + x1] * fx) * gy + (src[r1 + x0] * gx + src[r1 + x1] * fx) * fy;
    }
  }
  return { g: out, w: nw, h: nh };
}

/** 5x5 box blur (BRIEF compares single pixels: smoothing makes the tests stable under noise and re-compression). */
function smooth(src: Float32Array, w: number, h: number): Float32Array {
  const tmp = new Float32Array(w * h);
  const out = new Float32Array(w * h);
  // (the five added in the same order as with the edges clamped everywhere, so the same to the bit)
  const clampX = (x: number): number => Math.min(w - 1, Math.max(0, x));
  const clampY = (y: number): number => Math.min(h - 1, Math.max(0, y));
  // a pixel within 2 of the row's ends, its neighbours past the end being the end's
  const atEdge = (r: number, x: number): number => (src[r + clampX(x - 2)] + src[r + clampX(x - 1)] + src[r + x] + src[r + clampX(x + 1)] + src[r + clampX(x + 2)]) / 5;
  for (let y = 0; y < h; y++) {
    const r = y * w;
    for (let x = 0; x < Math.min(2, w); x++) tmp[r + x] = atEdge(r, x);
    for (let j = r + 2; j < r + w - 2; j++) tmp[j] = (src[j - 2] + src[j - 1] + src[j] + src[j + 1] + src[j + 2]) / 5;
    for (let x = Math.max(2, w - 2); x < w; x++) tmp[r + x] = atEdge(r, x);
  }
  const w2 = 2 * w;
  for (let y = 0; y < h; y++) {
    const r = y * w;
    if (y >= 2 && y < h - 2) {
      for (let j = r; j < r + w; j++) out[j] = (tmp[j - w2] + tmp[j - w] + tmp[j] + tmp[j + w] + tmp[j + w2]) / 5;
      continue;
    }
    const r0 = clampY(y - 2) * w, r1 = clampY(y - 1) * w, r3 = clampY(y + 1) * w, r4 = clampY(y + 2) * w;
    for (let x = 0; x < w; x++) out[r + x] = (tmp[r0 + x] + tmp[r1 + x] + tmp[r + x] + tmp[r3 + x] + tmp[r4 + x]) / 5;
  }
  return out;
}

const CIRCLE = [
  [0, -3], [1, -3], [2, -2], [3, -1], [3, 0], [3, 1], [2, 2], [1, 3], [0, 3], [-1, 3], [-2, 2], [-3, 1], [-3, 0], [-3, -1], [-2, -2], [-1, -3],
];

/** Corners found: position in their level's image, score, and the level, one entry each in parallel arrays. */
interface Corners {
  x: number[];
  y: number[];
  score: number[];
  level: number[];
}

/** Whether a circle's mask (a bit for each of its 16 points) holds 9 points in a row, round the circle. */
function nineInRow(mask: number): boolean {
  const m = mask | (mask << 16);
  const two = m & (m >>> 1);
  const four = two & (two >>> 2);
  const eight = four & (four >>> 4);
  return (eight & (m >>> 8)) !== 0;
}

/**
 * The best sum of contrasts past the threshold over an arc of at least 9 points of the circle (`diff`: each point's
 * grey level less the centre's; `sign` 1 for the brighter side, -1 for the darker), or `best` when none beats it.
 */
function arcScore(diff: Float64Array, sign: 1 | -1, threshold: number, best: number): number {
  let run = 0;
  let sum = 0;
  for (let k = 0; k < 25; k++) {
    const d = sign * diff[k & 15] - threshold;
    if (d > 0) {
      run++;
      sum += d;
      if (run >= 9 && sum > best) best = sum;
    } else {
      run = 0;
      sum = 0;
    }
  }
  return best;
}

/**
 * FAST-9 corners with a corner score (sum of the contrast of the arc), 3x3 non-maximum suppressed, added to `out`
 * (in raster order).
 */
function fast(g: Float32Array, w: number, h: number, margin: number, threshold: number, level: number, out: Corners): void {
  const offs = new Int32Array(16);
  for (let k = 0; k < 16; k++) offs[k] = CIRCLE[k][1] * w + CIRCLE[k][0];
  const oN = offs[0], oE = offs[4], oS = offs[8], oW = offs[12];
  const diff = new Float64Array(16);
  const score = new Float32Array(w * h);
  for (let y = margin; y < h - margin; y++) {
    for (let i = y * w + margin, end = y * w + w - margin; i < end; i++) {
      const c = g[i];
      const hi = c + threshold;
      const lo = c - threshold;
      // quick rejection with the four compass points: a 9-arc needs at least 2 of them on one side
      const n = g[i + oN];
      const e = g[i + oE];
      const s = g[i + oS];
      const wv = g[i + oW];
      const brighter = (n > hi ? 1 : 0) + (e > hi ? 1 : 0) + (s > hi ? 1 : 0) + (wv > hi ? 1 : 0);
      const darker = (n < lo ? 1 : 0) + (e < lo ? 1 : 0) + (s < lo ? 1 : 0) + (wv < lo ? 1 : 0);
      if (brighter < 2 && darker < 2) continue;
      // each point's contrast past the threshold, brighter and darker, tested as the arc's sum below tests it: a
      // side whose points past the threshold hold no 9 in a row has no arc, and its sum is not worked out
      let brighterMask = 0;
      let darkerMask = 0;
      for (let k = 0; k < 16; k++) {
        const d = g[i + offs[k]] - c;
        diff[k] = d;
        if (d - threshold > 0) brighterMask |= 1 << k;
        if (-d - threshold > 0) darkerMask |= 1 << k;
      }
      let best = 0;
      if (nineInRow(brighterMask)) best = arcScore(diff, 1, threshold, best);
      if (nineInRow(darkerMask)) best = arcScore(diff, -1, threshold, best);
      score[i] = best;
    }
  }
  for (let y = margin; y < h - margin; y++) {
    for (let x = margin; x < w - margin; x++) {
      const i = y * w + x;
      const v = score[i];
      if (v <= 0) continue;
      if (v < score[i - 1] || v < score[i + 1] || v < score[i - w] || v < score[i + w] || v < score[i - w - 1] || v < score[i - w + 1] || v < score[i + w - 1] || v < score[i + w + 1]) continue;
      out.x.push(x);
      out.y.push(y);
      out.score.push(v);
      out.level.push(level);
    }
  }
}

/** BRIEF's point pairs as offsets into an image `w` pixels wide: the first and second point of pair b at 2b, 2b + 1. */
function pairOffsets(w: number): Int32Array {
  const o = new Int32Array(512);
  for (let b = 0; b < 256; b++) {
    o[2 * b] = PAIRS[4 * b + 1] * w + PAIRS[4 * b];
    o[2 * b + 1] = PAIRS[4 * b + 3] * w + PAIRS[4 * b + 2];
  }
  return o;
}

/**
 * Keypoints and descriptors of a picture (RGB or grey pixels, any size: shrunk to FEATURE_EDGE first). The
 * strongest corners over the pyramid, spread over a 4x4 grid so that one busy corner of the picture (a text
 * overlay) cannot take them all.
 */
export function extractLocalFeatures(data: Uint8Array, width: number, height: number, channels = 3): LocalFeatures {
  const base = greyImage(data, width, height, channels, FEATURE_EDGE);
  const levels: { g: Float32Array; sm: Float32Array; w: number; h: number; f: number }[] = [];
  for (const f of LEVELS) {
    const lvl = f === 1 ? base : resize(base.g, base.w, base.h, f);
    if (lvl.w < 2 * PATCH + 8 || lvl.h < 2 * PATCH + 8) continue;
    levels.push({ g: lvl.g, sm: smooth(lvl.g, lvl.w, lvl.h), w: lvl.w, h: lvl.h, f });
  }
  const corners = (threshold: number): Corners => {
    const found: Corners = { x: [], y: [], score: [], level: [] };
    for (let level = 0; level < levels.length; level++) {
      const lvl = levels[level];
      fast(lvl.g, lvl.w, lvl.h, PATCH + 1, threshold, level, found);
    }
    return found;
  };
  let found = corners(FAST_THRESHOLD);
  if (found.x.length < FEW_CORNERS) found = corners(FAST_THRESHOLD_LOW);
  // spread: the best of each grid cell in turn (cells in the order their first corner was found; in a cell, the
  // strongest first, corners of equal score in the order found)
  const n = found.x.length;
  const cellOf = new Int32Array(n);
  const cellCount = new Int32Array(16);
  const cellOrder: number[] = [];
  for (let c = 0; c < n; c++) {
    const f = levels[found.level[c]].f;
    const x = Math.round(found.x[c] / f);
    const y = Math.round(found.y[c] / f);
    const cell = Math.min(3, Math.floor((x / base.w) * 4)) * 4 + Math.min(3, Math.floor((y / base.h) * 4));
    cellOf[c] = cell;
    if (cellCount[cell]++ === 0) cellOrder.push(cell);
  }
  const cellStart = new Int32Array(17);
  for (let cell = 0; cell < 16; cell++) cellStart[cell + 1] = cellStart[cell] + cellCount[cell];
  const byCell = new Int32Array(n);
  const fill = cellStart.slice(0, 16);
  for (let c = 0; c < n; c++) byCell[fill[cellOf[c]]++] = c;
  const score = found.score;
  for (const cell of cellOrder) byCell.subarray(cellStart[cell], cellStart[cell + 1]).sort((a, b) => score[b] - score[a] || a - b);
  const kept: number[] = [];
  for (let round = 0; kept.length < MAX_KEYPOINTS; round++) {
    let any = false;
    for (const cell of cellOrder) {
      if (round < cellCount[cell]) {
        any = true;
        if (kept.length < MAX_KEYPOINTS) kept.push(byCell[cellStart[cell] + round]);
      }
    }
    if (!any) break;
  }
  const xy = new Uint16Array(kept.length * 2);
  const descriptors = new Uint8Array(kept.length * 32);
  const offsets = levels.map((l) => pairOffsets(l.w));
  for (let j = 0; j < kept.length; j++) {
    const c = kept[j];
    const level = found.level[c];
    const { sm, w, f } = levels[level];
    xy[2 * j] = Math.round(found.x[c] / f);
    xy[2 * j + 1] = Math.round(found.y[c] / f);
    // BRIEF: 256 comparisons of smoothed pixel pairs around the corner, at its own pyramid level
    const o = offsets[level];
    const i = found.y[c] * w + found.x[c];
    for (let byte = 0; byte < 32; byte++) {
      let v = 0;
      for (let bit = 0, p = 16 * byte; bit < 8; bit++, p += 2) if (sm[i + o[p]] < sm[i + o[p + 1]]) v |= 1 << bit;
      descriptors[32 * j + byte] = v;
    }
  }
  return { xy, descriptors, width: base.w, height: base.h, thumb: makeThumbnail(base.g, base.w, base.h) };
}

/**
 * Stored form: width (its top bit set: positions packed), height, count (uint16 each), the bits of one coordinate
 * (a byte), then the positions, x and y interleaved, in that many bits each (9 for the 320-pixel image: 2.25 bytes a
 * keypoint instead of 4), and the descriptors; then, when there is one, the thumbnail's width and height (a byte each)
 * and its grey levels. Records stored before the packing (width's top bit clear) hold the positions as uint16 and no
 * bits byte; records stored before the thumbnail end after the descriptors. Both are read as they are.
 */
export function packLocalFeatures(f: LocalFeatures): Buffer {
  const n = f.xy.length / 2;
  const t = f.thumb;
  let top = 0;
  for (let i = 0; i < 2 * n; i++) top = Math.max(top, f.xy[i]);
  const bits = Math.max(1, 32 - Math.clz32(top));
  const at = PACKED_HEADER + Math.ceil((2 * n * bits) / 8);
  const b = Buffer.alloc(at + n * 32 + (t ? 2 + t.g.length : 0));
  b.writeUInt16LE(f.width | PACKED, 0);
  b.writeUInt16LE(f.height, 2);
  b.writeUInt16LE(n, 4);
  b.writeUInt8(bits, 6);
  // little-endian bit order: coordinate i takes bits [i * bits, (i + 1) * bits) of the positions
  let acc = 0;
  let held = 0;
  let o = PACKED_HEADER;
  for (let i = 0; i < 2 * n; i++) {
    acc |= f.xy[i] << held;
    held += bits;
    while (held >= 8) {
      b[o++] = acc & 0xff;
      acc >>>= 8;
      held -= 8;
    }
  }
  if (held > 0) b[o] = acc & 0xff;
  b.set(f.descriptors, at);
  if (t) {
    const end = at + n * 32;
    b.writeUInt8(t.w, end);
    b.writeUInt8(t.h, end + 1);
    b.set(t.g, end + 2);
  }
  return b;
}

/** The width field's top bit: the positions are packed (packLocalFeatures). */
const PACKED = 0x8000;
const PACKED_HEADER = 7;

/** Where a stored record's parts begin: its positions (and their bits; 16 unpacked), descriptors and thumbnail. */
function layout(buf: Buffer): { width: number; height: number; n: number; bits: number; xyAt: number; descAt: number; thumbAt: number } {
  const w = buf.readUInt16LE(0);
  const n = buf.readUInt16LE(4);
  const packed = (w & PACKED) !== 0;
  const bits = packed ? buf.readUInt8(6) : 16;
  const xyAt = packed ? PACKED_HEADER : 6;
  const descAt = xyAt + (packed ? Math.ceil((2 * n * bits) / 8) : 4 * n);
  return { width: w & ~PACKED, height: buf.readUInt16LE(2), n, bits, xyAt, descAt, thumbAt: descAt + 32 * n };
}

export function unpackLocalFeatures(b: Uint8Array): LocalFeatures {
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  const { n, bits, xyAt, descAt } = layout(buf);
  const xy = new Uint16Array(2 * n);
  if (bits === 16) for (let i = 0; i < 2 * n; i++) xy[i] = buf.readUInt16LE(xyAt + 2 * i);
  else {
    const mask = (1 << bits) - 1;
    let acc = 0;
    let held = 0;
    let o = xyAt;
    for (let i = 0; i < 2 * n; i++) {
      while (held < bits) {
        acc |= buf[o++] << held;
        held += 8;
      }
      xy[i] = acc & mask;
      acc >>>= bits;
      held -= bits;
    }
  }
  const f: LocalFeatures = { ...unpackLocalSummary(b), xy, descriptors: new Uint8Array(b.subarray(descAt, descAt + n * 32)) };
  delete f.count;
  return f;
}

/** The stored record's size, count and thumbnail (unpackLocalFeatures without the keypoints). */
export function unpackLocalSummary(b: Uint8Array): LocalSummary {
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  const { width, height, n, thumbAt: at } = layout(buf);
  const s: LocalSummary = { width, height, count: n };
  if (buf.length >= at + 2) {
    const w = buf.readUInt8(at);
    const h = buf.readUInt8(at + 1);
    if (w > 0 && h > 0 && buf.length >= at + 2 + w * h) s.thumb = { w, h, g: new Uint8Array(b.subarray(at + 2, at + 2 + w * h)) };
  }
  return s;
}

/** A photo's descriptors as 32-bit words, for the Hamming loop: `first` holds every keypoint's first word apart. */
interface DescriptorWords {
  all: Uint32Array;
  first: Uint32Array;
}

/**
 * Kept per feature record while it lives: a representative is compared with many photos in one regroup, and the
 * duplicate service keeps each photo's record (and so its words) for the whole update.
 */
const wordsOf = new WeakMap<LocalFeatures, DescriptorWords>();
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function words(f: LocalFeatures): DescriptorWords {
  let w = wordsOf.get(f);
  if (w) return w;
  const d = f.descriptors;
  // the descriptor bytes themselves where they can be read as little-endian words (no copy), a copy otherwise
  let all: Uint32Array;
  if (LITTLE_ENDIAN && d.byteOffset % 4 === 0) all = new Uint32Array(d.buffer, d.byteOffset, d.length >> 2);
  else {
    all = new Uint32Array(d.length >> 2);
    for (let i = 0; i < all.length; i++) all[i] = (d[4 * i] | (d[4 * i + 1] << 8) | (d[4 * i + 2] << 16) | (d[4 * i + 3] << 24)) >>> 0;
  }
  const first = new Uint32Array(all.length >> 3);
  for (let i = 0; i < first.length; i++) first[i] = all[8 * i];
  wordsOf.set(f, (w = { all, first }));
  return w;
}

/** Set bits of every 16-bit value: two look-ups count a 32-bit word (cheaper than the shift-and-add count in V8). */
const POP16 = (() => {
  const t = new Uint8Array(1 << 16);
  for (let i = 1; i < t.length; i++) t[i] = (i & 1) + t[i >> 1];
  return t;
})();

function pop32(x: number): number {
  return POP16[x & 0xffff] + POP16[x >>> 16];
}

/** Best descriptor distance at most this (of 256 bits) counts as a putative match. */
const MAX_HAMMING = 64;
/** A match differs in at most 64 of 256 bits, so in about 8 of the first 32; more than this there rules it out. */
const PREFILTER_BITS = 14;
/** Lowe's ratio: the best must be clearly better than the second best. */
const RATIO = 0.8;
/**
 * Distances beyond this need not be known exactly: a match is at most MAX_HAMMING, and a second best beyond
 * MAX_HAMMING / RATIO passes the ratio test whatever it is, so the Hamming loop stops counting there (same result).
 */
const NEEDED_HAMMING = MAX_HAMMING / RATIO;
/** Inlier distance (pixels of the FEATURE_EDGE image). */
const INLIER_PX = 4;

/** Inlier distance after the refit: copies line up to about a pixel (of the FEATURE_EDGE image). */
const TIGHT_PX = 1.5;

/** Refits the similarity transform to the RANSAC inliers (least squares) and counts the matches within TIGHT_PX. */
function tightInliers(a: LocalFeatures, b: LocalFeatures, pairs: [number, number][], [c0, d0, tx0, ty0]: [number, number, number, number]): { tight: number; transform: Similarity } {
  const scale0 = Math.hypot(c0, d0);
  const tol0 = INLIER_PX * Math.max(1, scale0);
  const inl = pairs.filter(([i, j]) => {
    const x = c0 * a.xy[2 * i] - d0 * a.xy[2 * i + 1] + tx0;
    const y = d0 * a.xy[2 * i] + c0 * a.xy[2 * i + 1] + ty0;
    return Math.abs(x - b.xy[2 * j]) <= tol0 && Math.abs(y - b.xy[2 * j + 1]) <= tol0;
  });
  // least squares for b = [c -d; d c] a + t, on centred points
  let ax = 0, ay = 0, bx = 0, by = 0;
  for (const [i, j] of inl) {
    ax += a.xy[2 * i];
    ay += a.xy[2 * i + 1];
    bx += b.xy[2 * j];
    by += b.xy[2 * j + 1];
  }
  const n = inl.length;
  ax /= n;
  ay /= n;
  bx /= n;
  by /= n;
  let sxx = 0, sc = 0, sd = 0;
  for (const [i, j] of inl) {
    const px = a.xy[2 * i] - ax;
    const py = a.xy[2 * i + 1] - ay;
    const qx = b.xy[2 * j] - bx;
    const qy = b.xy[2 * j + 1] - by;
    sxx += px * px + py * py;
    sc += px * qx + py * qy;
    sd += px * qy - py * qx;
  }
  if (sxx === 0) return { tight: 0, transform: [c0, d0, tx0, ty0] };
  const c = sc / sxx;
  const d = sd / sxx;
  const tol = TIGHT_PX * Math.max(1, Math.hypot(c, d));
  let tight = 0;
  for (const [i, j] of pairs) {
    const x = c * (a.xy[2 * i] - ax) - d * (a.xy[2 * i + 1] - ay) + bx;
    const y = d * (a.xy[2 * i] - ax) + c * (a.xy[2 * i + 1] - ay) + by;
    if (Math.hypot(x - b.xy[2 * j], y - b.xy[2 * j + 1]) <= tol) tight++;
  }
  return { tight, transform: [c, d, bx - c * ax + d * ay, by - d * ax - c * ay] };
}

/** Keypoints of a that map inside b, and of b that map back inside a; the fewer. */
function overlapKeypoints(a: LocalFeatures, b: LocalFeatures, [c, d, tx, ty]: [number, number, number, number]): number {
  let inB = 0;
  for (let i = 0; i < a.xy.length; i += 2) {
    const x = c * a.xy[i] - d * a.xy[i + 1] + tx;
    const y = d * a.xy[i] + c * a.xy[i + 1] + ty;
    if (x >= 0 && y >= 0 && x < b.width && y < b.height) inB++;
  }
  // the inverse of the similarity: a = [c d; -d c] (b - t) / (c² + d²)
  const k = 1 / (c * c + d * d || 1);
  let inA = 0;
  for (let j = 0; j < b.xy.length; j += 2) {
    const px = b.xy[j] - tx;
    const py = b.xy[j + 1] - ty;
    const x = k * (c * px + d * py);
    const y = k * (-d * px + c * py);
    if (x >= 0 && y >= 0 && x < a.width && y < a.height) inA++;
  }
  return Math.min(inB, inA);
}

/** Keypoints compared in the quick first look (the strongest of each grid cell: they come first). */
const QUICK_KEYPOINTS = 64;
/** Matches the quick look must find among them to be worth the full comparison. */
const QUICK_MATCHES = 3;

/**
 * Whether at least `enough` of the first `n` keypoints of a have a match (distance within MAX_HAMMING) among the
 * first `n` of b: a quick first look, which stops as soon as it has seen enough.
 */
function quickLook(wa: DescriptorWords, wb: DescriptorWords, n: number, enough: number): boolean {
  const na = Math.min(n, wa.first.length);
  const nb = Math.min(n, wb.first.length);
  const A = wa.all;
  const B = wb.all;
  const B0 = wb.first;
  let found = 0;
  for (let i = 0; i < na; i++) {
    const a0 = A[8 * i];
    for (let j = 0; j < nb; j++) {
      let d = pop32(a0 ^ B0[j]);
      if (d > PREFILTER_BITS) continue;
      for (let k = 1; k < 8 && d <= MAX_HAMMING; k++) d += pop32(A[8 * i + k] ^ B[8 * j + k]);
      if (d <= MAX_HAMMING) {
        if (++found >= enough) return true;
        break;
      }
    }
  }
  return false;
}

/** Hash tables of the aligned look: each keys a descriptor by KEY_BITS of its 256 bits, drawn once with a fixed seed. */
const TABLES = 8;
const KEY_BITS = 12;
const KEY_POSITIONS: Uint8Array = (() => {
  let s = 0x9e3779b9;
  const out = new Uint8Array(TABLES * KEY_BITS);
  for (let t = 0; t < TABLES; t++) {
    const used = new Set<number>();
    for (let k = 0; k < KEY_BITS; k++) {
      let b: number;
      do b = (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) >>> 24;
      while (used.has(b));
      used.add(b);
      out[t * KEY_BITS + k] = b;
    }
  }
  return out;
})();

/**
 * A record's keypoints sorted by each table's key: entry x of table t is key << 16 | keypoint, ascending, so two
 * records' keypoints that share a key are found by walking both lists once (6.4 KB a record, kept while it lives).
 */
const keyedOf = new WeakMap<LocalFeatures, Uint32Array[]>();

function keyed(f: LocalFeatures): Uint32Array[] {
  let tables = keyedOf.get(f);
  if (tables) return tables;
  const n = f.xy.length / 2;
  const d = f.descriptors;
  tables = [];
  for (let t = 0; t < TABLES; t++) {
    const list = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      let k = 0;
      for (let b = 0; b < KEY_BITS; b++) {
        const bit = KEY_POSITIONS[t * KEY_BITS + b];
        k = (k << 1) | ((d[32 * i + (bit >> 3)] >> (bit & 7)) & 1);
      }
      list[i] = ((k << 16) | i) >>> 0;
    }
    tables.push(list.sort());
  }
  keyedOf.set(f, tables);
  return tables;
}

/** Descriptor distance the aligned look accepts as a match. */
const QUICK_HAMMING = 56;

/**
 * A cheap look for keypoints that line up: each keypoint of a is compared only with the keypoints of b that share
 * one of TABLES hash keys (a few bits of the descriptor: close descriptors usually share one, a pair of unrelated
 * points rarely), its closest such within QUICK_HAMMING kept, and the most of these matches one similarity transform
 * lines up (to INLIER_PX, from 2-point samples) is returned, with the keypoints that fall where both pictures are under
 * that transform (as LocalMatch.overlap). A fifth of the full comparison's cost; it stops once `enough` line up.
 */
export function quickAligned(a: LocalFeatures, b: LocalFeatures, enough = Infinity): { aligned: number; overlap: number } {
  const na = a.xy.length / 2;
  if (na < 2 || b.xy.length < 4) return { aligned: 0, overlap: 0 };
  const ka = keyed(a);
  const kb = keyed(b);
  const A = words(a).all;
  const B = words(b).all;
  const bestJ = new Int32Array(na).fill(-1);
  const bestD = new Int32Array(na).fill(QUICK_HAMMING + 1);
  for (let t = 0; t < TABLES; t++) {
    const la = ka[t], lb = kb[t];
    let y0 = 0;
    for (let x = 0; x < la.length; x++) {
      const k = la[x] >>> 16;
      while (y0 < lb.length && lb[y0] >>> 16 < k) y0++;
      const i = la[x] & 0xffff;
      const o = 8 * i;
      for (let y = y0; y < lb.length && lb[y] >>> 16 === k; y++) {
        const j = lb[y] & 0xffff;
        if (bestJ[i] === j) continue;
        const p = 8 * j;
        let d = pop32(A[o] ^ B[p]) + pop32(A[o + 1] ^ B[p + 1]) + pop32(A[o + 2] ^ B[p + 2]) + pop32(A[o + 3] ^ B[p + 3]);
        if (d >= bestD[i]) continue;
        d += pop32(A[o + 4] ^ B[p + 4]) + pop32(A[o + 5] ^ B[p + 5]) + pop32(A[o + 6] ^ B[p + 6]) + pop32(A[o + 7] ^ B[p + 7]);
        if (d < bestD[i]) {
          bestD[i] = d;
          bestJ[i] = j;
        }
      }
    }
  }
  // one keypoint of b answers one of a (the closest): many points of a on one point of b line up nothing
  const owner = new Int32Array(b.xy.length / 2).fill(-1);
  for (let i = 0; i < na; i++) {
    const j = bestJ[i];
    if (j >= 0 && (owner[j] < 0 || bestD[i] < bestD[owner[j]])) owner[j] = i;
  }
  const mi: number[] = [];
  for (let i = 0; i < na; i++) if (bestJ[i] >= 0 && owner[bestJ[i]] === i) mi.push(i);
  const m = mi.length;
  if (m < 2) return { aligned: m, overlap: 0 };
  let s = 12345;
  const rnd = (n: number): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) % n);
  let best = 1;
  let bestT: [number, number, number, number] | null = null;
  const iterations = Math.min(QUICK_SAMPLES, (m * (m - 1)) / 2);
  for (let it = 0; it < iterations; it++) {
    const p = mi[rnd(m)];
    const q = mi[rnd(m)];
    if (p === q) continue;
    const pj = bestJ[p], qj = bestJ[q];
    const ax = a.xy[2 * q] - a.xy[2 * p];
    const ay = a.xy[2 * q + 1] - a.xy[2 * p + 1];
    const bx = b.xy[2 * qj] - b.xy[2 * pj];
    const by = b.xy[2 * qj + 1] - b.xy[2 * pj + 1];
    const la = ax * ax + ay * ay;
    if (la < 100) continue;
    const c = (bx * ax + by * ay) / la;
    const d = (by * ax - bx * ay) / la;
    const scale = Math.hypot(c, d);
    if (scale < 0.2 || scale > 5) continue;
    const tx = b.xy[2 * pj] - (c * a.xy[2 * p] - d * a.xy[2 * p + 1]);
    const ty = b.xy[2 * pj + 1] - (d * a.xy[2 * p] + c * a.xy[2 * p + 1]);
    const tol = INLIER_PX * Math.max(1, scale);
    let inliers = 0;
    for (const i of mi) {
      const j = bestJ[i];
      const x = c * a.xy[2 * i] - d * a.xy[2 * i + 1] + tx;
      const y = d * a.xy[2 * i] + c * a.xy[2 * i + 1] + ty;
      if (Math.abs(x - b.xy[2 * j]) <= tol && Math.abs(y - b.xy[2 * j + 1]) <= tol) inliers++;
    }
    if (inliers > best) {
      best = inliers;
      bestT = [c, d, tx, ty];
    }
    if (best >= enough) break;
  }
  return { aligned: best, overlap: bestT ? overlapKeypoints(a, b, bestT) : 0 };
}

/** 2-point samples the aligned look tries. */
const QUICK_SAMPLES = 150;
/**
 * Keypoints the aligned look must line up for the full comparison to run. A pair verifies with at least 10 lined up
 * (near-duplicate-rule.ts LOCAL.accept); the aligned look, comparing fewer candidates, finds fewer. Over the real pairs
 * of bench/duplicates-local-quick.ts (every recorded neighbour and every two copies of one picture, seeds 1, 2, 3 and
 * 11: 49,879 pairs, 22,786 that verify) it found at least 6 in every pair that verifies (1 in 100 under 11: a crop to
 * half against a quarter-size copy, 10 lined up in full); 5 keeps that margin (alone it turns away 56% of the pairs
 * that do not verify). Stricter values were not taken: 7 loses that crop.
 */
const QUICK_ALIGNED = 5;
/**
 * ... and at least this share of the keypoints where both pictures are (the full rule asks 12% of the full count,
 * LOCAL.minShare). The smallest share the aligned look found in a pair that verifies, over the same pairs: 0.08
 * (seed 3), 0.09 (seed 2), 0.10-0.11 (seeds 11, 1); 0.05 keeps a margin below all of them (0.03 would let 42% of the
 * pairs that do not verify through, 0.05 lets 33%, 0.07 27%: no plateau to pick, so the margin decided).
 */
const QUICK_SHARE = 0.05;

/** Whether the aligned look lines up enough keypoints for the full comparison (QUICK_ALIGNED, QUICK_SHARE). */
function alignedEnough(a: LocalFeatures, b: LocalFeatures): boolean {
  // once this many line up, the share holds whatever the overlap (it is at most the smaller keypoint count)
  const enough = Math.max(QUICK_ALIGNED, Math.ceil((QUICK_SHARE * Math.min(a.xy.length, b.xy.length)) / 2));
  const q = quickAligned(a, b, enough);
  return q.aligned >= QUICK_ALIGNED && q.aligned >= QUICK_SHARE * q.overlap;
}

/**
 * Mutual nearest neighbours under the ratio test, then a RANSAC similarity transform from a to b. Two quick looks
 * come first: whether the strongest keypoints have any matches at all (random or flat descriptors stop there), then
 * whether a few keypoints line up when only hash-bucketed candidates are compared (quickAligned: a quarter of the
 * cost, and it turns away two thirds of the unrelated pairs of real photos, whose descriptors do match loosely).
 */
export function matchLocalFeatures(lazyA: LocalFeatures, lazyB: LocalFeatures, options: { alignedLook?: boolean } = {}): LocalMatch {
  const a = loaded(lazyA);
  const b = loaded(lazyB);
  const na = a.xy.length / 2;
  const nb = b.xy.length / 2;
  const none: LocalMatch = { inliers: 0, matches: 0, scale: 1, rotationDeg: 0, tight: 0, overlap: 0, transform: [1, 0, 0, 0] };
  if (na < 2 || nb < 2) return none;
  const wa = words(a);
  const wb = words(b);
  if (!quickLook(wa, wb, QUICK_KEYPOINTS, QUICK_MATCHES)) return none;
  // (benches measure what it would turn away by comparing without it)
  if (options.alignedLook !== false && !alignedEnough(a, b)) return none;
  const A = wa.all;
  const B = wb.all;
  const B0 = wb.first;
  const bestB = new Int32Array(na).fill(-1);
  const bestA = new Int32Array(nb).fill(-1);
  const bestAD = new Int32Array(nb).fill(1 << 30);
  for (let i = 0; i < na; i++) {
    let d1 = 1 << 30;
    let d2 = 1 << 30;
    let j1 = -1;
    const o = 8 * i;
    const a0 = A[o], a1 = A[o + 1], a2 = A[o + 2], a3 = A[o + 3], a4 = A[o + 4], a5 = A[o + 5], a6 = A[o + 6], a7 = A[o + 7];
    for (let j = 0; j < nb; j++) {
      // the first 32 of 256 bits first: a pair that far apart there (most pairs of unrelated points) cannot be a
      // match, and its full distance is not needed; nor is any beyond NEEDED_HAMMING
      let d = pop32(a0 ^ B0[j]);
      if (d > PREFILTER_BITS) continue;
      const p = 8 * j;
      d += pop32(a1 ^ B[p + 1]) + pop32(a2 ^ B[p + 2]) + pop32(a3 ^ B[p + 3]);
      if (d > NEEDED_HAMMING) continue;
      d += pop32(a4 ^ B[p + 4]) + pop32(a5 ^ B[p + 5]) + pop32(a6 ^ B[p + 6]) + pop32(a7 ^ B[p + 7]);
      if (d > NEEDED_HAMMING) continue;
      if (d < d1) {
        d2 = d1;
        d1 = d;
        j1 = j;
      } else if (d < d2) d2 = d;
      if (d < bestAD[j]) {
        bestAD[j] = d;
        bestA[j] = i;
      }
    }
    if (d1 <= MAX_HAMMING && d1 < RATIO * d2) bestB[i] = j1;
  }
  const pairs: [number, number][] = [];
  for (let i = 0; i < na; i++) if (bestB[i] >= 0 && bestA[bestB[i]] === i) pairs.push([i, bestB[i]]);
  if (pairs.length < 3) return { ...none, matches: pairs.length };
  // RANSAC over 2-point samples: every pair of matches determines a similarity transform. Deterministic sampling
  // (a fixed-seed generator), so a pair's verdict is the same every run.
  let s = 12345;
  const rnd = (n: number): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) % n);
  let best: LocalMatch = { ...none, matches: pairs.length };
  let bestT: [number, number, number, number] = [1, 0, 0, 0];
  const iterations = Math.min(300, (pairs.length * (pairs.length - 1)) / 2);
  for (let it = 0; it < iterations; it++) {
    const p = pairs[rnd(pairs.length)];
    const q = pairs[rnd(pairs.length)];
    if (p === q) continue;
    const ax = a.xy[2 * q[0]] - a.xy[2 * p[0]];
    const ay = a.xy[2 * q[0] + 1] - a.xy[2 * p[0] + 1];
    const bx = b.xy[2 * q[1]] - b.xy[2 * p[1]];
    const by = b.xy[2 * q[1] + 1] - b.xy[2 * p[1] + 1];
    const la = ax * ax + ay * ay;
    if (la < 100) continue; // points too close together say little about scale and rotation
    // b = s R a + t, as a complex number: (bx + i by) / (ax + i ay)
    const c = (bx * ax + by * ay) / la;
    const d = (by * ax - bx * ay) / la;
    const scale = Math.hypot(c, d);
    if (scale < 0.2 || scale > 5) continue;
    const tx = b.xy[2 * p[1]] - (c * a.xy[2 * p[0]] - d * a.xy[2 * p[0] + 1]);
    const ty = b.xy[2 * p[1] + 1] - (d * a.xy[2 * p[0]] + c * a.xy[2 * p[0] + 1]);
    let inliers = 0;
    const tol = INLIER_PX * Math.max(1, scale);
    for (const [i, j] of pairs) {
      const x = c * a.xy[2 * i] - d * a.xy[2 * i + 1] + tx;
      const y = d * a.xy[2 * i] + c * a.xy[2 * i + 1] + ty;
      if (Math.abs(x - b.xy[2 * j]) <= tol && Math.abs(y - b.xy[2 * j + 1]) <= tol) inliers++;
    }
    if (inliers > best.inliers) {
      best = { inliers, matches: pairs.length, scale, rotationDeg: (Math.atan2(d, c) * 180) / Math.PI, tight: 0, overlap: 0, transform: [c, d, tx, ty] };
      bestT = [c, d, tx, ty];
    }
  }
  if (best.inliers >= 3) {
    const refit = tightInliers(a, b, pairs, bestT);
    best.tight = refit.tight;
    best.transform = refit.transform;
    best.overlap = overlapKeypoints(a, b, bestT);
  }
  return best;
}
