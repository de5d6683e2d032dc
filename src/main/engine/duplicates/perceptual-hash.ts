// 64-bit DCT perceptual hash (pHash) of a decoded preview, its 8 dihedral variants (so matching can
// ignore 90-degree rotations and mirrors), and a detector for previews too flat for the hash to mean
// anything (sky, black frames, blank pages), whose bits would otherwise be threshold noise that
// collides at random.
//
// Recipe: Rec.601 grey, area-averaged to 32x32 (exact fractional cell weights, so that the grid of a
// mirrored image is the mirror of the grid), orthonormal 2-D DCT-II, the top-left 8x8 block minus DC
// (63 coefficients), one bit per coefficient: above the block's median. Bit 63 is always 0.
//
// Dihedral variants come from the same DCT block: mirroring x multiplies coefficient (v,u) by (-1)^u,
// mirroring y by (-1)^v, transposing swaps (v,u) -> (u,v). The median is recomputed per variant,
// because a median threshold does not commute with sign flips.

import type { RgbImage } from '../media/rgb-image.js';
import { letterboxBands } from './copy-quality.js';

const GRID = 32;
const BLOCK = 8;

/** The 8 symmetries of the square, in the order `dihedralHashes` returns them. */
export const DIHEDRAL = ['identity', 'rot90', 'rot180', 'rot270', 'flipH', 'flipV', 'transpose', 'antiTranspose'] as const;
export type Dihedral = (typeof DIHEDRAL)[number];

/** Pixel-level summary of a preview from which the hash variants and flatness are derived. */
export interface HashBasis {
  /** 8x8 low-frequency DCT block of the 32x32 grey grid, row = vertical frequency; [0] is DC */
  block: Float64Array;
  /** standard deviation (grey levels, 0..255) of the 32x32 grey grid */
  gridStd: number;
  /** RMS (grey levels) of the 63 hashed coefficients, i.e. how much structure the hash sees */
  lowFreqRms: number;
  /** share of the hashed energy held by the 3 largest coefficients (1 = a pure gradient) */
  top3Share: number;
  /** RMS (grey levels) of the hashed coefficients other than the 3 largest: structure beyond a gradient */
  residualRms: number;
}

/** Area-averaged 32x32 grey grid (Rec.601 luma). Each source pixel spreads over at most 2 cells per axis. */
export function greyGrid(p: RgbImage): Float64Array {
  const { width: w, height: h, data } = p;
  if (p.channels !== 3) throw new Error('expected a 3-channel RGB preview');
  if (w < 1 || h < 1 || data.length < w * h * 3) throw new Error(`bad preview ${w}x${h} (${data.length} bytes)`);
  const xs = axisWeights(w);
  const ys = axisWeights(h);
  // rows first: h x 32, then columns: 32 x 32
  const rows = new Float64Array(h * GRID);
  for (let y = 0; y < h; y++) {
    const base = y * w * 3;
    const out = y * GRID;
    for (let x = 0; x < w; x++) {
      const i = base + x * 3;
      const grey = 0.299 * data[i] + 0.587 * data[i + 1] + 0.114 * data[i + 2];
      rows[out + xs.cell[x]] += grey * xs.w0[x];
      if (xs.w1[x] > 0) rows[out + xs.cell[x] + 1] += grey * xs.w1[x];
    }
  }
  const grid = new Float64Array(GRID * GRID);
  for (let y = 0; y < h; y++) {
    const c = ys.cell[y];
    for (let x = 0; x < GRID; x++) {
      const v = rows[y * GRID + x];
      grid[c * GRID + x] += v * ys.w0[y];
      if (ys.w1[y] > 0) grid[(c + 1) * GRID + x] += v * ys.w1[y];
    }
  }
  // each cell covers (w/32)*(h/32) source pixels' worth of weight
  const norm = (GRID * GRID) / (w * h);
  for (let i = 0; i < grid.length; i++) grid[i] *= norm;
  return grid;
}

/** For each source index along an axis of length n: its first cell and the weights in it and the next. */
function axisWeights(n: number): { cell: Int32Array; w0: Float64Array; w1: Float64Array } {
  const cell = new Int32Array(n);
  const w0 = new Float64Array(n);
  const w1 = new Float64Array(n);
  const scale = GRID / n; // source pixel [i, i+1) maps to [i*scale, (i+1)*scale) in cell units
  for (let i = 0; i < n; i++) {
    const a = i * scale;
    const b = (i + 1) * scale;
    const c = Math.min(GRID - 1, Math.floor(a + 1e-9));
    cell[i] = c;
    // a pixel narrower than a cell (n >= 32) may straddle one boundary; a wider one (n < 32) covers
    // several cells, which we approximate by its first two (only for tiny images)
    const boundary = c + 1;
    if (b > boundary + 1e-9 && c + 1 < GRID) {
      w0[i] = (boundary - a) / scale;
      w1[i] = (Math.min(b, boundary + 1) - boundary) / scale;
    } else {
      w0[i] = 1;
    }
  }
  return { cell, w0, w1 };
}

/** Orthonormal DCT-II basis rows 0..7 for length 32. */
const BASIS: Float64Array = (() => {
  const m = new Float64Array(BLOCK * GRID);
  for (let k = 0; k < BLOCK; k++) {
    const s = k === 0 ? Math.sqrt(1 / GRID) : Math.sqrt(2 / GRID);
    for (let n = 0; n < GRID; n++) m[k * GRID + n] = s * Math.cos((Math.PI * (2 * n + 1) * k) / (2 * GRID));
  }
  return m;
})();

/** The top-left 8x8 block of the 2-D DCT of a 32x32 grid: D8 * X * D8^T. */
export function dctBlock(grid: Float64Array): Float64Array {
  const tmp = new Float64Array(BLOCK * GRID); // D8 * X: 8 x 32
  for (let k = 0; k < BLOCK; k++) {
    for (let x = 0; x < GRID; x++) {
      let s = 0;
      for (let y = 0; y < GRID; y++) s += BASIS[k * GRID + y] * grid[y * GRID + x];
      tmp[k * GRID + x] = s;
    }
  }
  const out = new Float64Array(BLOCK * BLOCK);
  for (let v = 0; v < BLOCK; v++) {
    for (let u = 0; u < BLOCK; u++) {
      let s = 0;
      for (let x = 0; x < GRID; x++) s += tmp[v * GRID + x] * BASIS[u * GRID + x];
      out[v * BLOCK + u] = s;
    }
  }
  return out;
}

export function hashBasis(p: RgbImage): HashBasis {
  const grid = greyGrid(p);
  let mean = 0;
  for (const g of grid) mean += g;
  mean /= grid.length;
  let varSum = 0;
  for (const g of grid) varSum += (g - mean) ** 2;
  const block = dctBlock(grid);
  const sq: number[] = [];
  for (let i = 1; i < block.length; i++) sq.push(block[i] * block[i]);
  const energy = sq.reduce((a, b) => a + b, 0);
  sq.sort((a, b) => b - a);
  // orthonormal DCT: sum of squared AC coefficients over the grid = grid variance * 1024
  return {
    block,
    gridStd: Math.sqrt(varSum / grid.length),
    lowFreqRms: Math.sqrt(energy / grid.length),
    top3Share: energy > 0 ? (sq[0] + sq[1] + sq[2]) / energy : 1,
    residualRms: Math.sqrt((energy - sq[0] - sq[1] - sq[2]) / grid.length),
  };
}

/** Coefficient (v,u) of the block after applying symmetry `d` to the image. */
function transformedBlock(block: Float64Array, d: Dihedral): Float64Array {
  const out = new Float64Array(BLOCK * BLOCK);
  for (let v = 0; v < BLOCK; v++) {
    for (let u = 0; u < BLOCK; u++) {
      const sv = v % 2 === 0 ? 1 : -1; // sign of mirroring along the vertical-frequency axis
      const su = u % 2 === 0 ? 1 : -1;
      let c: number;
      // (v,u): v indexes rows (y), u columns (x); image-space definitions below, N = grid size
      switch (d) {
        case 'identity': c = block[v * BLOCK + u]; break;
        case 'flipH': c = su * block[v * BLOCK + u]; break; // I'(x,y) = I(N-1-x, y)
        case 'flipV': c = sv * block[v * BLOCK + u]; break; // I'(x,y) = I(x, N-1-y)
        case 'rot180': c = su * sv * block[v * BLOCK + u]; break;
        case 'transpose': c = block[u * BLOCK + v]; break; // I'(x,y) = I(y,x)
        // I'(x,y) = I(y, N-1-x): the transpose of the vertical flip; after the swap, the flipped
        // axis carries frequency u
        case 'rot90': c = su * block[u * BLOCK + v]; break;
        // I'(x,y) = I(N-1-y, x)
        case 'rot270': c = sv * block[u * BLOCK + v]; break;
        // I'(x,y) = I(N-1-y, N-1-x)
        case 'antiTranspose': c = su * sv * block[u * BLOCK + v]; break;
      }
      out[v * BLOCK + u] = c;
    }
  }
  return out;
}

/** 63 bits: coefficient > median of the 63 AC coefficients, in row-major order skipping DC. */
function bitsOf(block: Float64Array): bigint {
  const ac = Array.from(block.subarray(1));
  const sorted = [...ac].sort((a, b) => a - b);
  const median = (sorted[30] + sorted[31]) / 2; // 63 values: [31] is the middle; average keeps ties stable
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < 63; i++) {
    if (ac[i] > median) {
      if (i < 32) lo |= 1 << i;
      else hi |= 1 << (i - 32);
    }
  }
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

/** pHash of the preview as it is. */
export function perceptualHash(p: RgbImage): bigint {
  return bitsOf(hashBasis(p).block);
}

/** Hashes of the preview under each symmetry, in DIHEDRAL order ([0] is `perceptualHash`). */
export function dihedralHashes(basisOrPreview: HashBasis | RgbImage): bigint[] {
  const basis = 'block' in basisOrPreview ? basisOrPreview : hashBasis(basisOrPreview);
  return DIHEDRAL.map((d) => bitsOf(transformedBlock(basis.block, d)));
}

export function hashToHex(h: bigint): string {
  return h.toString(16).padStart(16, '0');
}

export function hexToHash(s: string): bigint {
  if (!/^[0-9a-f]{16}$/i.test(s)) throw new Error(`not a 64-bit hex hash: ${s}`);
  return BigInt('0x' + s);
}

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

export function hamming(a: bigint, b: bigint): number {
  const x = a ^ b;
  return popcount32(Number(x & 0xffffffffn)) + popcount32(Number(x >> 32n));
}

/** 32-bit halves of each hash of a variant list, computed once per list: BigInt XOR and conversions cost ~0.5 µs
 *  a distance, and pair checks compare the same lists again and again. */
const halvesCache = new WeakMap<readonly bigint[], Uint32Array>();

function halvesOf(variants: readonly bigint[]): Uint32Array {
  let h = halvesCache.get(variants);
  if (!h) {
    h = new Uint32Array(variants.length * 2);
    variants.forEach((v, i) => {
      h![2 * i] = Number(v >> 32n) >>> 0;
      h![2 * i + 1] = Number(v & 0xffffffffn) >>> 0;
    });
    halvesCache.set(variants, h);
  }
  return h;
}

/**
 * Smallest distance between `a` as stored and any symmetry of `b`, and which symmetry gave it
 * (the symmetry that, applied to b, makes it look like a).
 */
export function minDihedralDistance(a: bigint, bVariants: readonly bigint[]): { distance: number; transform: Dihedral } {
  const ahi = Number(a >> 32n) >>> 0;
  const alo = Number(a & 0xffffffffn) >>> 0;
  const h = halvesOf(bVariants);
  let best = 65;
  let bi = 0;
  for (let i = 0; i < bVariants.length; i++) {
    const d = popcount32((ahi ^ h[2 * i]) >>> 0) + popcount32((alo ^ h[2 * i + 1]) >>> 0);
    if (d < best) {
      best = d;
      bi = i;
    }
  }
  return { distance: best, transform: DIHEDRAL[bi] };
}

/**
 * A picture is flat when, once its 3 strongest low-frequency components are set aside (a sky's
 * gradient, a vignette), what is left is too weak for the remaining ~60 hash bits to be more than
 * threshold noise. Then two different skies, black frames or blank pages get unrelated hashes but
 * near-identical embeddings, and only byte equality may group them. The cut-off is in grey levels of
 * the 32x32 grid. Measured (bench/duplicates-copydays.ts): over all 1,785 real photos and edits the
 * lowest residual is 3.92 (a dark edit of a striped 'Blinds' wallpaper), p1 5.79, p5 8.09, p50 27.5;
 * synthetic black/white/sky-gradient/vignette pictures with sensor noise give 0.01..1.94.
 */
export const MIN_RESIDUAL_RMS = 3;

/** Too little low-frequency structure for the pHash to identify the picture (sky, black, blank page). */
export function isNearUniform(basisOrPreview: HashBasis | RgbImage): boolean {
  const b = 'block' in basisOrPreview ? basisOrPreview : hashBasis(basisOrPreview);
  return b.residualRms < MIN_RESIDUAL_RMS;
}

/**
 * The centred `keep` x `keep` window of a preview (a copy). Hashing it as well lets a small crop of a
 * photo match the photo: a crop to 90% moves the whole-image hash by up to 20 bits, while against
 * the original's centred 90% window it is only a small shift.
 */
export function centreWindow(p: RgbImage, keep: number): RgbImage {
  const w = Math.max(1, Math.round(p.width * keep));
  const h = Math.max(1, Math.round(p.height * keep));
  return crop(p, Math.floor((p.width - w) / 2), Math.floor((p.height - h) / 2), w, h);
}

/** Share of each side kept by the crop-tolerant window hash; see near-duplicate-rule.ts THRESHOLDS. */
export const CENTRE_KEEP = 0.9;

/** Dihedral hashes of the centred CENTRE_KEEP window (store beside `dihedralHashes`). */
export function centreHashes(p: RgbImage, keep = CENTRE_KEEP): bigint[] {
  return dihedralHashes(centreWindow(p, keep));
}

/** The `left, top, width, height` window of a preview. */
function crop(p: RgbImage, left: number, top: number, w: number, h: number): RgbImage {
  const data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) data.set(p.data.subarray(((top + y) * p.width + left) * 3, ((top + y) * p.width + left + w) * 3), y * w * 3);
  return { data, width: w, height: h, channels: 3 };
}

/**
 * Dihedral hashes of the picture inside a letterbox or frame (copy-quality.ts letterboxBands: a landscape photo
 * shown on a phone held upright and screenshotted, a photo framed for printing); none where the preview has no such
 * bands or the picture inside is flat. The whole hash of a phone screenshot is dominated by its black bands (22 of 64
 * bits from its photo in a stranger's trial, its embedding's cosine 0.02): neither found the pair, and the copy
 * stayed alone. Against the other's whole picture the window is a resize.
 */
export function contentHashes(p: RgbImage): bigint[] {
  const b = letterboxBands(p);
  if (!b) return [];
  const window = crop(p, b.left, b.top, p.width - b.left - b.right, p.height - b.top - b.bottom);
  const basis = hashBasis(window);
  return basis.residualRms < MIN_RESIDUAL_RMS ? [] : dihedralHashes(basis);
}
