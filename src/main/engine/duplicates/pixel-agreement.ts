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
  /**
   * The same comparison with a vignette taken out: when one picture darkens towards the edges of its own frame
   * (a filter's vignette), the light of each ring around its centre is fitted against the other picture and divided
   * out before the cells are correlated again. Undefined when neither picture darkens towards its edges by
   * VIGNETTE_DROP.
   */
  vignette?: VignetteAgreement;
}

/** The pixel agreement of a pair once one side's vignette is taken out (PixelAgreement.vignette). */
export interface VignetteAgreement {
  /** which picture carries the vignette: `a` or `b` as passed to pixelAgreement */
  side: 'a' | 'b';
  /** how much darker its outermost ring is than its centre, relative to the other picture (0.3: 30% darker) */
  drop: number;
  cells: number;
  agreeing: number;
  ncc: number;
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
/** Rings around a picture's centre whose light is fitted for a vignette (the corners are ring RINGS - 1). */
const RINGS = 10;
/**
 * A picture darkens towards its edges when its outermost ring is at least this much darker than its centre, relative
 * to the other picture: then the vignette is taken out and the pixels compared again (the pair rule's vignetteDrop).
 */
export const VIGNETTE_DROP = 0.2;

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
  // the coarse pixels judged: where they are, their grey level and the fine side's over the same footprint
  if (scratch.xs.length < coarse.w * coarse.h) {
    const size = coarse.w * coarse.h;
    Object.assign(scratch, { xs: new Int32Array(size), ys: new Int32Array(size), pc: new Float64Array(size), pf: new Float64Array(size) });
  }
  const { xs, ys } = scratch;
  let n = 0;
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
      xs[n] = x;
      ys[n] = y;
      scratch.pc[n] = coarse.g[y * coarse.w + x];
      scratch.pf[n++] = s / ((x1 - x0 + 1) * (y1 - y0 + 1));
    }
  }
  if (n < 4 * MIN_CELL_PX) return undefined;
  const pc = scratch.pc.subarray(0, n);
  const pf = scratch.pf.subarray(0, n);
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    minX = Math.min(minX, xs[i]);
    maxX = Math.max(maxX, xs[i]);
    minY = Math.min(minY, ys[i]);
    maxY = Math.max(maxY, ys[i]);
  }
  const gx = Math.max(1, Math.min(GRID, Math.floor((maxX - minX + 1) / 3)));
  const gy = Math.max(1, Math.min(GRID, Math.floor((maxY - minY + 1) / 3)));
  const cellOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const cx = Math.min(gx - 1, Math.floor(((xs[i] - minX) / (maxX - minX + 1)) * gx));
    const cy = Math.min(gy - 1, Math.floor(((ys[i] - minY) / (maxY - minY + 1)) * gy));
    cellOf[i] = cy * gx + cx;
  }
  const plain = compareCells(cellOf, gx, gy, pc, pf);
  // each judged pixel's ring in the coarse side's own frame, or (where it falls) in the fine side's
  const rings = (onFine: boolean): Uint8Array =>
    Uint8Array.from(xs.subarray(0, n), (x, i) => {
      if (!onFine) return ringOf(x, ys[i], coarse);
      const ux = (x + 0.5) * kc;
      const uy = (ys[i] + 0.5) * kc;
      return ringOf((c * ux - d * uy + tx) / kf - 0.5, (d * ux + c * uy + ty) / kf - 0.5, fine);
    });
  // a vignette: in the coarse side's own frame, or in the fine side's; the one that darkens more. Fitted ring by ring
  // only where the corner areas, against the middle ones, are darker by half the drop that counts: most pairs are
  // plain copies, and the areas' sums are at hand.
  const look = cornersDarker(plain.sums, gx, gy);
  const onCoarse = look.coarse >= VIGNETTE_DROP / 2 ? fitVignette(rings(false), pc, pf) : undefined;
  const onFine = look.fine >= VIGNETTE_DROP / 2 ? fitVignette(rings(true), pf, pc) : undefined;
  const coarseIsA = coarse === a.thumb;
  let vignette: VignetteAgreement | undefined;
  const best = (onCoarse?.drop ?? 0) >= (onFine?.drop ?? 0) ? { fit: onCoarse, coarseSide: true } : { fit: onFine, coarseSide: false };
  if (best.fit && best.fit.drop >= VIGNETTE_DROP) {
    const { light, ring } = best.fit;
    const lit = Float64Array.from(best.coarseSide ? pc : pf, (v, i) => v / light[ring[i]]);
    const again = best.coarseSide ? compareCells(cellOf, gx, gy, lit, pf) : compareCells(cellOf, gx, gy, pc, lit);
    const side = best.coarseSide === coarseIsA ? 'a' : 'b';
    vignette = { side, drop: best.fit.drop, cells: again.cellNcc.length, agreeing: again.cellNcc.filter((v) => v >= CELL_NCC).length, ncc: again.ncc };
  }
  const cellNcc = plain.cellNcc;
  return { cells: cellNcc.length, agreeing: cellNcc.filter((v) => v >= CELL_NCC).length, ncc: plain.ncc, cellNcc, restNcc: plain.restNcc, ...(vignette && { vignette }) };
}

/** Sums of the laid-over pixels of one cell (or of more): count, sums, sums of squares and of products. */
const SUMS = 6;

/** Correlation of the pixels summed at `o` in `s` (SUMS numbers), and whether both pictures are flat there. */
function nccOf(s: Float64Array, o: number): { ncc: number; flat: boolean } {
  const k = s[o];
  const vc = s[o + 3] / k - (s[o + 1] / k) ** 2;
  const vf = s[o + 4] / k - (s[o + 2] / k) ** 2;
  const cov = s[o + 5] / k - (s[o + 1] / k) * (s[o + 2] / k);
  // a small floor: a flat cell against a busy one correlates by chance, and not by much
  return { ncc: cov / Math.sqrt((Math.max(0, vc) + NOISE_VAR) * (Math.max(0, vf) + NOISE_VAR)), flat: vc < FLAT_VAR && vf < FLAT_VAR };
}

/** Correlates the laid-over pixels cell by cell, over the whole overlap, and over the overlap less its worst edge line. */
function compareCells(cellOf: Int32Array, gx: number, gy: number, pc: Float64Array, pf: Float64Array): { cellNcc: number[]; ncc: number; restNcc?: number; sums: Float64Array } {
  const cells = gx * gy;
  // the cells' sums, then the whole overlap's
  const acc = new Float64Array((cells + 1) * SUMS);
  const all = cells * SUMS;
  for (let i = 0; i < cellOf.length; i++) {
    const c = pc[i];
    const f = pf[i];
    const o = cellOf[i] * SUMS;
    acc[o]++;
    acc[o + 1] += c;
    acc[o + 2] += f;
    acc[o + 3] += c * c;
    acc[o + 4] += f * f;
    acc[o + 5] += c * f;
    acc[all]++;
    acc[all + 1] += c;
    acc[all + 2] += f;
    acc[all + 3] += c * c;
    acc[all + 4] += f * f;
    acc[all + 5] += c * f;
  }
  const cellNcc: number[] = [];
  for (let k = 0; k < cells; k++) {
    if (acc[k * SUMS] < MIN_CELL_PX) continue;
    const r = nccOf(acc, k * SUMS);
    if (!r.flat) cellNcc.push(r.ncc);
  }
  cellNcc.sort((x, y) => x - y);
  let restNcc: number | undefined;
  const rest = new Float64Array(SUMS);
  for (const line of edgeLines(gx, gy)) {
    rest.fill(0);
    for (let k = 0; k < cells; k++) {
      if (line.has(k)) continue;
      for (let j = 0; j < SUMS; j++) rest[j] += acc[k * SUMS + j];
    }
    if (rest[0] >= 4 * MIN_CELL_PX) restNcc = Math.max(restNcc ?? -1, nccOf(rest, 0).ncc);
  }
  return { cellNcc, ncc: nccOf(acc, all).ncc, ...(restNcc !== undefined && { restNcc }), sums: acc };
}

/**
 * How much darker the corner areas of the overlap are than its middle ones, for either side against the other (light
 * fitted through zero from the areas' sums: coarse = sum(c f) / sum(f f), fine = sum(c f) / sum(c c)). 0 when the grid
 * has no middle.
 */
function cornersDarker(sums: Float64Array, gx: number, gy: number): { coarse: number; fine: number } {
  if (gx < 3 || gy < 3) return { coarse: 0, fine: 0 };
  const part = new Float64Array(6); // corners: cc, ff, cf; middle: cc, ff, cf
  for (let cy = 0; cy < gy; cy++) {
    for (let cx = 0; cx < gx; cx++) {
      const corner = (cx === 0 || cx === gx - 1) && (cy === 0 || cy === gy - 1);
      const middle = cx > 0 && cx < gx - 1 && cy > 0 && cy < gy - 1;
      if (!corner && !middle) continue;
      const o = (cy * gx + cx) * SUMS;
      const to = corner ? 0 : 3;
      part[to] += sums[o + 3];
      part[to + 1] += sums[o + 4];
      part[to + 2] += sums[o + 5];
    }
  }
  const darker = (edge: number, mid: number): number => (edge > 0 && mid > 0 ? 1 - edge / mid : 0);
  return {
    coarse: darker(part[2] / part[1], part[5] / part[4]),
    fine: darker(part[2] / part[0], part[5] / part[3]),
  };
}

/** The ring (0 at the centre, RINGS - 1 in the corners) of a thumbnail pixel, by its distance from the frame's centre
 *  relative to the frame's shape: a vignette follows the picture's own edges, an ellipse in a wide photo. */
function ringOf(x: number, y: number, t: Thumbnail): number {
  const dx = (x + 0.5) / t.w - 0.5;
  const dy = (y + 0.5) / t.h - 0.5;
  return Math.min(RINGS - 1, Math.floor(Math.sqrt(2 * (dx * dx + dy * dy)) * RINGS));
}

/**
 * Fits the light of side `v` against side `o` ring by ring (least squares through zero: v = light x o), the rings
 * made to darken only outwards (pooled where an outer ring is lighter) and scaled to the innermost. `drop`: how much
 * darker the outermost ring is. Undefined when fewer than two rings have pixels enough to fit.
 */
function fitVignette(ring: Uint8Array, v: Float64Array, o: Float64Array): { light: Float64Array; ring: Uint8Array; drop: number } | undefined {
  const vo = new Float64Array(RINGS);
  const oo = new Float64Array(RINGS);
  const count = new Int32Array(RINGS);
  for (let i = 0; i < ring.length; i++) {
    vo[ring[i]] += v[i] * o[i];
    oo[ring[i]] += o[i] * o[i];
    count[ring[i]]++;
  }
  const seen: number[] = [];
  for (let r = 0; r < RINGS; r++) if (count[r] >= MIN_CELL_PX && oo[r] > 0) seen.push(r);
  if (seen.length < 2) return undefined;
  // pool adjacent violators: a ring lighter than the one inside it is pooled with it
  const blocks: { from: number; to: number; vo: number; oo: number }[] = [];
  for (let j = 0; j < seen.length; j++) {
    blocks.push({ from: j, to: j, vo: vo[seen[j]], oo: oo[seen[j]] });
    while (blocks.length > 1 && blocks[blocks.length - 1].vo / blocks[blocks.length - 1].oo > blocks[blocks.length - 2].vo / blocks[blocks.length - 2].oo) {
      const top = blocks.pop()!;
      const under = blocks[blocks.length - 1];
      under.to = top.to;
      under.vo += top.vo;
      under.oo += top.oo;
    }
  }
  const fitted = new Float64Array(seen.length);
  for (const b of blocks) for (let j = b.from; j <= b.to; j++) fitted[j] = b.vo / b.oo;
  const top = fitted[0];
  if (!(top > 0)) return undefined;
  // a ring with too few pixels to fit takes the light of the nearest fitted ring
  const light = new Float64Array(RINGS);
  for (let r = 0, j = 0; r < RINGS; r++) {
    while (j + 1 < seen.length && Math.abs(seen[j + 1] - r) < Math.abs(seen[j] - r)) j++;
    light[r] = Math.max(0.05, fitted[j] / top);
  }
  return { light, ring, drop: 1 - light[seen[seen.length - 1]] };
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
