// Do two pictures whose keypoints line up also agree in their pixels where they overlap? Keypoints line up on what
// two photos share; a copy (cropped, turned, re-coloured, with a caption) shares everything in the overlap, while a
// photo taken again of a still scene (the same shelves, the person moved) shares only the background. So the small
// grey picture stored with the keypoints (THUMB_PIXELS of it) of one is laid over the other with the
// transform the keypoints gave, and compared cell by cell over the overlap: normalised cross-correlation per cell,
// so brightness, contrast, grey and colour edits do not count, and a caption spoils only the cells it covers.

/**
 * Pixels of the stored grey thumbnail (about 38 x 25 for a 3:2 photo): with 200 keypoints (36 bytes each) a record
 * stays within 8 KB whatever the picture's shape.
 */
export const THUMB_PIXELS = 980;

export interface Thumbnail {
  w: number;
  h: number;
  /** grey levels, row by row */
  g: Uint8Array;
}

/** Area-average shrink of a grey image to THUMB_PIXELS pixels, its shape kept (never enlarged). */
export function makeThumbnail(src: Float32Array, w: number, h: number): Thumbnail {
  const f = Math.min(1, Math.sqrt(THUMB_PIXELS / (w * h)), 255 / Math.max(w, h));
  const tw = Math.max(1, Math.floor(w * f));
  const th = Math.max(1, Math.floor(h * f));
  const out = new Uint8Array(tw * th);
  const sx = w / tw;
  const sy = h / th;
  for (let y = 0; y < th; y++) {
    const y0 = Math.floor(y * sy);
    const y1 = Math.max(y0 + 1, Math.floor((y + 1) * sy));
    for (let x = 0; x < tw; x++) {
      const x0 = Math.floor(x * sx);
      const x1 = Math.max(x0 + 1, Math.floor((x + 1) * sx));
      let s = 0;
      for (let yy = y0; yy < y1; yy++) for (let xx = x0; xx < x1; xx++) s += src[yy * w + xx];
      out[y * tw + x] = Math.max(0, Math.min(255, Math.round(s / ((y1 - y0) * (x1 - x0)))));
    }
  }
  return { w: tw, h: th, g: out };
}

/** b = [c -d; d c] a + (tx, ty), in the coordinates of the pictures the keypoints were found on. */
export type Similarity = readonly [number, number, number, number];

export function invertSimilarity([c, d, tx, ty]: Similarity): Similarity {
  const k = 1 / (c * c + d * d || 1);
  const ci = c * k;
  const di = -d * k;
  return [ci, di, -(ci * tx - di * ty), -(di * tx + ci * ty)];
}

export interface PixelAgreement {
  /** cells of the overlap with structure in at least one picture */
  cells: number;
  /** of these, the cells whose pixels correlate (NCC >= CELL_NCC) */
  agreeing: number;
  /** cross-correlation over the whole overlap */
  ncc: number;
  /** each judged cell's cross-correlation, lowest first */
  cellNcc: number[];
  /**
   * The cross-correlation of the overlap without one outer row or column of cells (the one whose leaving out
   * correlates the rest best): a caption bar, a date strip or a watermark band spoils the areas along one edge, and
   * everything else still correlates like a copy. Undefined when the grid has no inside (fewer than 3 x 3 cells).
   */
  restNcc?: number;
}

/** A cell agrees when its pixels correlate at least this much. */
const CELL_NCC = 0.6;
/** Grey-level variance below which a cell is flat in a picture (a flat cell in both says nothing). */
const FLAT_VAR = 16;
/** Grey-level variance of the noise the comparison allows for (re-compression, thumbnails' rounding). */
const NOISE_VAR = 1;
/** Cells per side of the overlap (fewer when the overlap is small). */
const GRID = 4;
/** Pixels of the coarser thumbnail a cell needs to be judged. */
const MIN_CELL_PX = 6;
/** Pixels of the finer thumbnail left out along its edges (a coarse pixel across the edge, or a rotation's padding). */
const MARGIN = 1;

/**
 * Work space of pixelAgreement, reused from call to call (a grouping lays tens of thousands of pairs over each other,
 * and a fresh array a pixel was most of what it allocated): the integral image and the pixels compared.
 */
const scratch = { sum: new Float64Array(0), xs: new Int32Array(0), ys: new Int32Array(0), pc: new Float64Array(0), pf: new Float64Array(0) };

/** Integral image of a thumbnail, for box averages (in `scratch.sum`). */
function integral(t: Thumbnail): Float64Array {
  const W = t.w + 1;
  if (scratch.sum.length < W * (t.h + 1)) scratch.sum = new Float64Array(W * (t.h + 1));
  const s = scratch.sum;
  for (let x = 0; x < W; x++) s[x] = 0;
  for (let y = 0; y < t.h; y++) {
    let row = 0;
    s[(y + 1) * W] = 0;
    for (let x = 0; x < t.w; x++) {
      row += t.g[y * t.w + x];
      s[(y + 1) * W + x + 1] = s[y * W + x + 1] + row;
    }
  }
  return s;
}

/**
 * Lays `a` over `b` with `t` (a's keypoint coordinates to b's; `aSize`/`bSize` the sizes those coordinates are in)
 * and compares their thumbnails cell by cell where they overlap. The coarser side (the one showing the shared part in
 * fewer thumbnail pixels) is walked pixel by pixel; the finer one is averaged over the same footprint. Undefined when
 * either has no thumbnail or they hardly overlap.
 */
export function pixelAgreement(
  a: { thumb?: Thumbnail; width: number; height: number },
  b: { thumb?: Thumbnail; width: number; height: number },
  t: Similarity,
): PixelAgreement | undefined {
  if (!a.thumb || !b.thumb) return undefined;
  // thumbnail pixel -> keypoint coordinates, per side
  const ka = a.width / a.thumb.w;
  const kb = b.width / b.thumb.w;
  const scale = Math.hypot(t[0], t[1]);
  let coarse = a.thumb;
  let fine = b.thumb;
  let kc = ka;
  let kf = kb;
  let m = t;
  if ((scale * ka) / kb < 1) {
    coarse = b.thumb;
    fine = a.thumb;
    kc = kb;
    kf = ka;
    m = invertSimilarity(t);
  }
  const [c, d, tx, ty] = m;
  const foot = (Math.hypot(c, d) * kc) / kf; // coarse pixel size in fine pixels (>= 1)
  const half = (foot - 1) / 2;
  const sum = integral(fine);
  const W = fine.w + 1;
  if (scratch.xs.length < coarse.w * coarse.h) {
    const size = coarse.w * coarse.h;
    Object.assign(scratch, { xs: new Int32Array(size), ys: new Int32Array(size), pc: new Float64Array(size), pf: new Float64Array(size) });
  }
  const { xs, ys, pc, pf } = scratch;
  let count = 0;
  for (let y = 0; y < coarse.h; y++) {
    for (let x = 0; x < coarse.w; x++) {
      const ux = (x + 0.5) * kc;
      const uy = (y + 0.5) * kc;
      const fx = (c * ux - d * uy + tx) / kf - 0.5;
      const fy = (d * ux + c * uy + ty) / kf - 0.5;
      const x0 = Math.round(fx - half);
      const x1 = Math.round(fx + half);
      const y0 = Math.round(fy - half);
      const y1 = Math.round(fy + half);
      // a coarse pixel across the other picture's edge (or a rotation's padding) is not judged
      if (x0 < MARGIN || y0 < MARGIN || x1 >= fine.w - MARGIN || y1 >= fine.h - MARGIN) continue;
      const s = sum[(y1 + 1) * W + x1 + 1] - sum[y0 * W + x1 + 1] - sum[(y1 + 1) * W + x0] + sum[y0 * W + x0];
      xs[count] = x;
      ys[count] = y;
      pc[count] = coarse.g[y * coarse.w + x];
      pf[count++] = s / ((x1 - x0 + 1) * (y1 - y0 + 1));
    }
  }
  if (count < 4 * MIN_CELL_PX) return undefined;
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (let i = 0; i < count; i++) {
    minX = Math.min(minX, xs[i]);
    maxX = Math.max(maxX, xs[i]);
    minY = Math.min(minY, ys[i]);
    maxY = Math.max(maxY, ys[i]);
  }
  const gx = Math.max(1, Math.min(GRID, Math.floor((maxX - minX + 1) / 3)));
  const gy = Math.max(1, Math.min(GRID, Math.floor((maxY - minY + 1) / 3)));
  const n = gx * gy;
  const acc = Array.from({ length: n }, () => ({ n: 0, sc: 0, sf: 0, scc: 0, sff: 0, scf: 0 }));
  const all = { n: 0, sc: 0, sf: 0, scc: 0, sff: 0, scf: 0 };
  for (let i = 0; i < count; i++) {
    const cx = Math.min(gx - 1, Math.floor(((xs[i] - minX) / (maxX - minX + 1)) * gx));
    const cy = Math.min(gy - 1, Math.floor(((ys[i] - minY) / (maxY - minY + 1)) * gy));
    const vc = pc[i];
    const vf = pf[i];
    // (the pixel's cell and the whole overlap, each summed in pixel order)
    const cell = acc[cy * gx + cx];
    cell.n++;
    cell.sc += vc;
    cell.sf += vf;
    cell.scc += vc * vc;
    cell.sff += vf * vf;
    cell.scf += vc * vf;
    all.n++;
    all.sc += vc;
    all.sf += vf;
    all.scc += vc * vc;
    all.sff += vf * vf;
    all.scf += vc * vf;
  }
  const ncc = (s: typeof all): { ncc: number; flat: boolean } => {
    const vc = s.scc / s.n - (s.sc / s.n) ** 2;
    const vf = s.sff / s.n - (s.sf / s.n) ** 2;
    const cov = s.scf / s.n - (s.sc / s.n) * (s.sf / s.n);
    // a small floor: a flat cell against a busy one correlates by chance, and not by much
    return { ncc: cov / Math.sqrt((Math.max(0, vc) + NOISE_VAR) * (Math.max(0, vf) + NOISE_VAR)), flat: vc < FLAT_VAR && vf < FLAT_VAR };
  };
  const cellNcc: number[] = [];
  for (const s of acc) {
    if (s.n < MIN_CELL_PX) continue;
    const r = ncc(s);
    if (!r.flat) cellNcc.push(r.ncc);
  }
  cellNcc.sort((x, y) => x - y);
  let restNcc: number | undefined;
  for (const line of edgeLines(gx, gy)) {
    const rest = { n: 0, sc: 0, sf: 0, scc: 0, sff: 0, scf: 0 };
    acc.forEach((s, i) => {
      if (line.has(i)) return;
      rest.n += s.n;
      rest.sc += s.sc;
      rest.sf += s.sf;
      rest.scc += s.scc;
      rest.sff += s.sff;
      rest.scf += s.scf;
    });
    if (rest.n >= 4 * MIN_CELL_PX) restNcc = Math.max(restNcc ?? -1, ncc(rest).ncc);
  }
  return { cells: cellNcc.length, agreeing: cellNcc.filter((v) => v >= CELL_NCC).length, ncc: ncc(all).ncc, cellNcc, restNcc };
}

/** The outer rows and columns of a gx x gy grid of cells (indices row by row); none when it has no inside. */
function edgeLines(gx: number, gy: number): Set<number>[] {
  if (gx < 3 || gy < 3) return [];
  return [
    Array.from({ length: gx }, (_, x) => x),
    Array.from({ length: gx }, (_, x) => (gy - 1) * gx + x),
    Array.from({ length: gy }, (_, y) => y * gx),
    Array.from({ length: gy }, (_, y) => y * gx + gx - 1),
  ].map((cells) => new Set(cells));
}
