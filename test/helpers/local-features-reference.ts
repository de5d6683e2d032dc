// The duplicate finder's keypoint extraction as it was before it was made cheaper (issue #15): kept verbatim so that
// test/main/engine/duplicates/local-features.test.ts can check that the faster extraction gives the same output, bit
// for bit, and bench/duplicates-keypoint-cost.ts can time the two side by side. Not used by the app.
import { FEATURE_EDGE, MAX_KEYPOINTS, type LocalFeatures } from '../../src/main/engine/duplicates/local-features.js';
import { makeThumbnail } from '../../src/main/engine/duplicates/pixel-agreement.js';

const FAST_THRESHOLD = 20;
const FEW_CORNERS = 60;
const FAST_THRESHOLD_LOW = 10;
const PATCH = 15;
const LEVELS = [1, Math.SQRT1_2, 0.5];

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
function greyImage(data: Uint8Array, width: number, height: number, channels: number, edge: number): { g: Float32Array; w: number; h: number } {
  // an integer box (k x k pixels per output pixel): cheap, and enough before the pyramid's own smoothing
  const k = Math.max(1, Math.ceil(Math.max(width, height) / edge));
  const w = Math.max(1, Math.floor(width / k));
  const h = Math.max(1, Math.floor(height / k));
  const g = new Float32Array(w * h);
  const norm = 1 / (k * k);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let sum = 0;
      for (let yy = y * k; yy < y * k + k; yy++) {
        let p = (yy * width + x * k) * channels;
        for (let xx = 0; xx < k; xx++, p += channels) sum += channels >= 3 ? 0.299 * data[p] + 0.587 * data[p + 1] + 0.114 * data[p + 2] : data[p];
      }
      g[y * w + x] = sum * norm;
    }
  }
  return { g, w, h };
}

function resize(src: Float32Array, w: number, h: number, f: number): { g: Float32Array; w: number; h: number } {
  const nw = Math.max(1, Math.round(w * f));
  const nh = Math.max(1, Math.round(h * f));
  const out = new Float32Array(nw * nh);
  for (let y = 0; y < nh; y++) {
    const sy = Math.min(h - 1, (y + 0.5) / f - 0.5);
    const y0 = Math.max(0, Math.floor(sy));
    const y1 = Math.min(h - 1, y0 + 1);
    const fy = Math.max(0, sy - y0);
    for (let x = 0; x < nw; x++) {
      const sx = Math.min(w - 1, (x + 0.5) / f - 0.5);
      const x0 = Math.max(0, Math.floor(sx));
      const x1 = Math.min(w - 1, x0 + 1);
      const fx = Math.max(0, sx - x0);
      out[y * nw + x] =
        (src[y0 * w + x0] * (1 - fx) + src[y0 * w + x1] * fx) * (1 - fy) + (src[y1 * w + x0] * (1 - fx) + src[y1 * w + x1] * fx) * fy;
    }
  }
  return { g: out, w: nw, h: nh };
}

/** 5x5 box blur (BRIEF compares single pixels: smoothing makes the tests stable under noise and re-compression). */
function smooth(src: Float32Array, w: number, h: number): Float32Array {
  const tmp = new Float32Array(w * h);
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let k = -2; k <= 2; k++) s += src[y * w + Math.min(w - 1, Math.max(0, x + k))];
      tmp[y * w + x] = s / 5;
    }
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let k = -2; k <= 2; k++) s += tmp[Math.min(h - 1, Math.max(0, y + k)) * w + x];
      out[y * w + x] = s / 5;
    }
  }
  return out;
}

const CIRCLE = [
  [0, -3], [1, -3], [2, -2], [3, -1], [3, 0], [3, 1], [2, 2], [1, 3], [0, 3], [-1, 3], [-2, 2], [-3, 1], [-3, 0], [-3, -1], [-2, -2], [-1, -3],
];

/** FAST-9 corners with a corner score (sum of the contrast of the arc), 3x3 non-maximum suppressed. */
function fast(g: Float32Array, w: number, h: number, margin: number, threshold: number): { x: number; y: number; score: number }[] {
  const offs = CIRCLE.map(([dx, dy]) => dy * w + dx);
  const score = new Float32Array(w * h);
  for (let y = margin; y < h - margin; y++) {
    for (let x = margin; x < w - margin; x++) {
      const i = y * w + x;
      const c = g[i];
      const hi = c + threshold;
      const lo = c - threshold;
      // quick rejection with the four compass points: a 9-arc needs at least 2 of them on one side
      const n = g[i + offs[0]];
      const e = g[i + offs[4]];
      const s = g[i + offs[8]];
      const wv = g[i + offs[12]];
      const brighter = Number(n > hi) + Number(e > hi) + Number(s > hi) + Number(wv > hi);
      const darker = Number(n < lo) + Number(e < lo) + Number(s < lo) + Number(wv < lo);
      if (brighter < 2 && darker < 2) continue;
      let best = 0;
      for (const sign of [1, -1]) {
        let run = 0;
        let sum = 0;
        for (let k = 0; k < 25; k++) {
          const d = sign * (g[i + offs[k & 15]] - c) - threshold;
          if (d > 0) {
            run++;
            sum += d;
            if (run >= 9) best = Math.max(best, sum);
          } else {
            run = 0;
            sum = 0;
          }
        }
      }
      score[i] = best;
    }
  }
  const out: { x: number; y: number; score: number }[] = [];
  for (let y = margin; y < h - margin; y++) {
    for (let x = margin; x < w - margin; x++) {
      const i = y * w + x;
      const v = score[i];
      if (v <= 0) continue;
      if (v < score[i - 1] || v < score[i + 1] || v < score[i - w] || v < score[i + w] || v < score[i - w - 1] || v < score[i - w + 1] || v < score[i + w - 1] || v < score[i + w + 1]) continue;
      out.push({ x, y, score: v });
    }
  }
  return out;
}

/**
 * Keypoints and descriptors of a picture (RGB or grey pixels, any size: shrunk to FEATURE_EDGE first). The
 * strongest corners over the pyramid, spread over a 4x4 grid so that one busy corner of the picture (a text
 * overlay) cannot take them all.
 */
export function referenceExtractLocalFeatures(data: Uint8Array, width: number, height: number, channels = 3): LocalFeatures {
  const base = greyImage(data, width, height, channels, FEATURE_EDGE);
  type Corner = { x: number; y: number; score: number; level: number; lx: number; ly: number };
  const levels: { g: Float32Array; sm: Float32Array; w: number; h: number; f: number }[] = [];
  for (const f of LEVELS) {
    const lvl = f === 1 ? base : resize(base.g, base.w, base.h, f);
    if (lvl.w < 2 * PATCH + 8 || lvl.h < 2 * PATCH + 8) continue;
    levels.push({ g: lvl.g, sm: smooth(lvl.g, lvl.w, lvl.h), w: lvl.w, h: lvl.h, f });
  }
  const corners = (threshold: number): Corner[] =>
    levels.flatMap((lvl, level) =>
      fast(lvl.g, lvl.w, lvl.h, PATCH + 1, threshold).map((c) => ({ x: Math.round(c.x / lvl.f), y: Math.round(c.y / lvl.f), score: c.score, level, lx: c.x, ly: c.y })),
    );
  let found = corners(FAST_THRESHOLD);
  if (found.length < FEW_CORNERS) found = corners(FAST_THRESHOLD_LOW);
  // spread: the best of each grid cell in turn
  const cells = new Map<number, Corner[]>();
  for (const k of found) {
    const cell = Math.min(3, Math.floor((k.x / base.w) * 4)) * 4 + Math.min(3, Math.floor((k.y / base.h) * 4));
    (cells.get(cell) ?? cells.set(cell, []).get(cell)!).push(k);
  }
  for (const list of cells.values()) list.sort((a, b) => b.score - a.score);
  const kept: Corner[] = [];
  for (let round = 0; kept.length < MAX_KEYPOINTS; round++) {
    let any = false;
    for (const list of cells.values()) {
      if (round < list.length) {
        any = true;
        if (kept.length < MAX_KEYPOINTS) kept.push(list[round]);
      }
    }
    if (!any) break;
  }
  const xy = new Uint16Array(kept.length * 2);
  const descriptors = new Uint8Array(kept.length * 32);
  kept.forEach((k, j) => {
    xy[2 * j] = k.x;
    xy[2 * j + 1] = k.y;
    // BRIEF: 256 comparisons of smoothed pixel pairs around the corner, at its own pyramid level
    const { sm, w } = levels[k.level];
    const i = k.ly * w + k.lx;
    for (let b = 0; b < 256; b++) {
      const p = b * 4;
      if (sm[i + PAIRS[p + 1] * w + PAIRS[p]] < sm[i + PAIRS[p + 3] * w + PAIRS[p + 2]]) descriptors[32 * j + (b >> 3)] |= 1 << (b & 7);
    }
  });
  return { xy, descriptors, width: base.w, height: base.h, thumb: makeThumbnail(base.g, base.w, base.h) };
}
