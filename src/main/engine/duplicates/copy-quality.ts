// What a copy looks like as a copy: how much of its canvas is picture (rotated or letterboxed copies are padded),
// how sharp and how noisy it is at the preview's scale, whether it has colour, and how coarsely it was
// JPEG-compressed (from its quantisation tables). The keep rules compare these between the copies of one picture
// to keep the one the others could have been made from. Pure: pixels and bytes in, numbers out.

/** Upright RGB pixels (the analyse stage's preview). */
export interface RgbPixels {
  data: Uint8Array;
  width: number;
  height: number;
}

export interface CopyQuality {
  /** share of the canvas that is padding: uniform triangles in the four corners (a copy rotated on a grown canvas), or
   *  uniform bands along two opposite sides or all four (a letterboxed or framed copy) */
  paddingShare: number;
  /** median edge sharpness of textured blocks, contrast-normalised (blur lowers it; brightness does not change it) */
  sharpness: number;
  /** noise level, grey levels at the preview scale (Immerkær's estimate on the flattest blocks) */
  noise: number;
  /** mean channel spread; about 0 for a grey picture */
  chroma: number;
  /** circular variance of the hue of the coloured pixels: about 0 for a grey picture tinted one colour (sepia, a
   *  colour cast), 0.2 and more for a picture of many colours; 0 when under 5% of the pixels have colour */
  hueSpread: number;
  /** JPEG quality 1..100 estimated from the luminance quantisation table; null when not a JPEG or not readable */
  jpegQuality: number | null;
  /** share of textured blocks: below MIN_TEXTURED the picture has too little structure for sharpness or features */
  texturedShare: number;
}

/** A padding pixel is within this many grey levels (per channel) of its corner's colour (JPEG ringing stays below). */
const PAD_TOLERANCE = 6;

/** Whether the RGB pixel at byte offset `p` is the padding colour `colour`, within PAD_TOLERANCE per channel. */
const padColoured = (data: Uint8Array, p: number, colour: readonly number[]): boolean =>
  Math.abs(data[p] - colour[0]) <= PAD_TOLERANCE && Math.abs(data[p + 1] - colour[1]) <= PAD_TOLERANCE && Math.abs(data[p + 2] - colour[2]) <= PAD_TOLERANCE;
const BLOCK = 16;
/** a block with this standard deviation (grey levels) or more has structure to measure sharpness on */
const TEXTURED_STD = 6;

/**
 * Per-pixel arrays reused from photo to photo (copyQuality is synchronous: one photo uses them at a time). Made anew,
 * a 1280-px photo's grey image, flood-fill labels and stack and padding mask were ~12 MB of garbage a photo for the
 * collector (docs/architecture.md "Indexing speed"). Each grows to the largest photo measured and stays.
 */
const scratch = { grey: new Float32Array(0), stack: new Int32Array(0), label: new Uint8Array(0), mask: new Uint8Array(0) };
/** `n` grey values, each written before it is read */
function greyScratch(n: number): Float32Array {
  if (scratch.grey.length < n) scratch.grey = new Float32Array(n);
  return scratch.grey.subarray(0, n);
}
function stackScratch(n: number): Int32Array {
  if (scratch.stack.length < n) scratch.stack = new Int32Array(n);
  return scratch.stack.subarray(0, n);
}
/** `n` zeros: the fill's labels */
function labelScratch(n: number): Uint8Array {
  if (scratch.label.length < n) scratch.label = new Uint8Array(n);
  return scratch.label.subarray(0, n).fill(0);
}
/** `n` zeros: the padding mask (one at a time: band, corners, turned rectangle or none) */
function maskScratch(n: number): Uint8Array {
  if (scratch.mask.length < n) scratch.mask = new Uint8Array(n);
  return scratch.mask.subarray(0, n).fill(0);
}

export function copyQuality(img: RgbPixels, fileHead?: Uint8Array): CopyQuality {
  const { width: w, height: h, data } = img;
  const n = w * h;
  const grey = greyScratch(n);
  let chroma = 0;
  let hx = 0;
  let hy = 0;
  let coloured = 0;
  for (let i = 0, p = 0; i < n; i++, p += 3) {
    const r = data[p];
    const g = data[p + 1];
    const b = data[p + 2];
    grey[i] = 0.299 * r + 0.587 * g + 0.114 * b;
    const c = Math.max(r, g, b) - Math.min(r, g, b);
    chroma += c;
    if (c > 12 && (i & 3) === 0) {
      // hue as a unit vector (the opponent-colour plane), so hues average on the circle
      const x = 2 * r - g - b;
      const y = Math.sqrt(3) * (g - b);
      const len = Math.hypot(x, y);
      hx += x / len;
      hy += y / len;
      coloured++;
    }
  }
  const hueSpread = coloured >= 0.05 * (n / 4) ? 1 - Math.hypot(hx, hy) / coloured : 0;
  // bands first: a frame's corners are triangles too, as far as a flood from them can tell
  const padding = bandMask(img) ?? paddingMask(img) ?? maskScratch(n);
  let padded = 0;
  for (let i = 0; i < n; i++) padded += padding[i];
  const blocks = blockStats(grey, w, h, padding);
  return {
    paddingShare: padded / Math.max(1, n),
    sharpness: blocks.sharpness,
    noise: blocks.noise,
    chroma: chroma / Math.max(1, n),
    hueSpread,
    jpegQuality: fileHead ? jpegQuality(fileHead) : null,
    texturedShare: blocks.texturedShare,
  };
}

/**
 * The padding a rotation adds: flood fill from each corner through pixels of that corner's colour, counted only
 * when it has that padding's shape: a triangle in every corner, all of one colour (a canvas grown around a rotated
 * picture). A sky or a dark corner of a photo does not have that shape, so it is picture. Where the picture runs into
 * the padding in its colour (dark mountains at the foot of a photo turned on black), the fill leaks out of that
 * corner's triangle; a clean corner gives the triangle's size (a turned rectangle's opposite corners are the same
 * triangle, and neighbouring ones share the canvas's sides), and the corner counts when that triangle is padding.
 */
function paddingMask({ data, width: w, height: h }: RgbPixels): Uint8Array | null {
  // which corner's fill reached each pixel (1..4), 0 for none
  const label = labelScratch(w * h);
  const stack = stackScratch(w * h);
  const corners = [0, w - 1, (h - 1) * w, h * w - 1];
  const areas: number[] = [];
  const colours: number[][] = [];
  const near = (p: number, colour: number[]): boolean => padColoured(data, p, colour);
  corners.forEach((start, c) => {
    const colour = [data[start * 3], data[start * 3 + 1], data[start * 3 + 2]];
    colours.push(colour);
    if (label[start]) {
      areas.push(0);
      return;
    }
    let top = 0;
    let area = 1;
    stack[top++] = start;
    label[start] = c + 1;
    while (top > 0) {
      const i = stack[--top];
      const x = i % w;
      for (let k = 0; k < 4; k++) {
        const j = k === 0 ? (x > 0 ? i - 1 : -1) : k === 1 ? (x < w - 1 ? i + 1 : -1) : k === 2 ? i - w : i + w;
        if (j < 0 || j >= w * h || label[j]) continue;
        if (near(j * 3, colour)) {
          label[j] = c + 1;
          stack[top++] = j;
          area++;
        }
      }
    }
    areas.push(area);
  });
  const run = (start: number, step: number, n: number): number => {
    let k = 0;
    while (k < n && label[start + k * step]) k++;
    return k;
  };
  // the runs along both sides from each corner, and the corner's filled area against the triangle they span
  const runs = [
    [run(0, 1, w), run(0, w, h)],
    [run(w - 1, -1, w), run(w - 1, w, h)],
    [run((h - 1) * w, 1, w), run((h - 1) * w, -w, h)],
    [run(h * w - 1, -1, w), run(h * w - 1, -w, h)],
  ];
  const sameColour = colours.every((col) => col.every((v, k) => Math.abs(v - colours[0][k]) <= 2 * PAD_TOLERANCE));
  const clean = runs.map(([rx, ry], k) => rx >= 0.01 * w && ry >= 0.01 * h && areas[k] >= 0.5 * (rx * ry) / 2 && areas[k] <= 1.5 * (rx * ry) / 2);
  const mask = maskScratch(w * h);
  if (!sameColour) return null;
  const legs = runs.map((r) => [...r]);
  const anchor = clean.indexOf(true);
  if (anchor >= 0) {
    // a leaky corner: the triangle a turned rectangle has there, given a clean corner (the opposite corner is the same
    // triangle; the two others span the rest of the sides they share with it). A leg measured there is kept when
    // shorter (a clean corner's thin tip is cut short by the blended edge); two leaky opposite corners take the
    // shorter of each other's legs.
    const [ax, ay] = runs[anchor];
    for (let k = 0; k < 4; k++) {
      if (clean[k]) continue;
      const [px, py] = k === 3 - anchor ? [ax, ay] : [w - ax, h - ay];
      legs[k] = [Math.min(px, runs[k][0]), Math.min(py, runs[k][1])];
    }
    for (let k = 0; k < 4; k++) {
      if (!clean[k] && !clean[3 - k]) legs[k] = [Math.min(legs[k][0], legs[3 - k][0]), Math.min(legs[k][1], legs[3 - k][1])];
    }
    for (let k = 0; k < 4; k++) {
      if (clean[k]) continue;
      const [rx, ry] = legs[k];
      let inside = 0;
      let total = 0;
      visitTriangle(w, h, k, rx, ry, (i) => {
        total++;
        if (near(i * 3, colours[k])) inside++;
      });
      // nearly all of the padding colour (the sizes are off by a pixel or two where the edge is blended)
      clean[k] = rx >= 0.01 * w && ry >= 0.01 * h && inside >= 0.9 * total;
    }
  }
  // (A plain band along one side is not counted: wallpapers and skies have them, and JPEG ringing makes the same
  // band of two copies measure differently. Bands along opposite sides are bandMask's.)
  if (!clean.every(Boolean)) return turnedRectangle(runs, w, h, colours[0], data);
  // a corner's own fill where it is its triangle; its triangle where the fill leaked, or where another corner's fill
  // reached it first through a dark picture (its own then holds nothing: areas[k] is 0)
  for (let k = 0; k < 4; k++) {
    if (areas[k] > 0 && runs[k][0] === legs[k][0] && runs[k][1] === legs[k][1]) {
      for (let i = 0; i < w * h; i++) if (label[i] === k + 1) mask[i] = 1;
    } else visitTriangle(w, h, k, legs[k][0], legs[k][1], (i) => (mask[i] = 1));
  }
  return mask;
}

/**
 * How far the two vertices' estimates of one leg may lie apart (share of the side), and the turns the corners'
 * triangles give (degrees).
 */
const VERTEX_SPREAD = 0.03;
const TURN_SPREAD_DEG = 2;
/** A fitted triangle is padding when this share of its inner part (its legs at INNER of their length) is. */
const FITTED_INSIDE = 0.95;
const INNER = 0.9;

/**
 * The padding of a turned picture whose corners touch the canvas where the picture is the padding's colour (a white
 * sign at the edge of a photo turned on white): the fills of two corners meet through that vertex, so no corner is
 * clean and paddingMask cannot anchor. The canvas's padding is then fitted as a whole. A turned rectangle touches
 * each side once, at (a, 0) on the top, (w, b) on the right and, turned about the canvas's centre, (w - a, h) and
 * (0, h - b); the runs from the two corners beside a vertex both end there. Of the two, the one the picture's edge
 * crosses steeply (the shorter) ends where the vertex is; along the other the edge runs within a JPEG block of the
 * side for a long way, and the run stops short. A run that leaked through a vertex spans its whole side and is left
 * out. The two vertices that measure one leg must agree, the vertices must make right angles (the top-left and
 * top-right triangles give one turn), and each corner's triangle must be padding (its inner part, the edge blended).
 * A product shot on white fails these: its runs span the sides, or do not make a rectangle.
 */
function turnedRectangle(runs: number[][], w: number, h: number, colour: readonly number[], data: Uint8Array): Uint8Array | null {
  /** a vertex's position along its side from the two runs that end there (`near`: from the side's start), or null */
  const vertex = (near: number, far: number, side: number): number | null => {
    const usable = (r: number): boolean => r >= MIN_BAND * side && r <= (1 - MIN_BAND) * side;
    if (usable(near) && (!usable(far) || near <= far)) return near;
    return usable(far) ? side - far : null;
  };
  /** the leg two opposite vertices measure (either where only one can), or null when they disagree */
  const leg = (x: number | null, y: number | null, side: number): number | null => {
    if (x === null || y === null) return x ?? y;
    return Math.abs(x - y) <= VERTEX_SPREAD * side ? (x + y) / 2 : null;
  };
  // a: the top vertex from the left, and the bottom one from the right; b: the right vertex from the top, the left
  // one from the bottom
  const a = leg(vertex(runs[0][0], runs[1][0], w), vertex(runs[3][0], runs[2][0], w), w);
  const b = leg(vertex(runs[1][1], runs[3][1], h), vertex(runs[2][1], runs[0][1], h), h);
  if (a === null || b === null) return null;
  // a rectangle: the turn the top-left triangle gives (its legs a and h - b) is the top-right one's (w - a and b)
  const turn = (across: number, along: number): number => (Math.atan2(across, along) * 180) / Math.PI;
  if (Math.abs(turn(h - b, a) - turn(w - a, b)) > TURN_SPREAD_DEG) return null;
  // corner k's legs along the top or bottom and along its side
  const legs = [
    [a, h - b],
    [w - a, b],
    [w - a, b],
    [a, h - b],
  ];
  const mask = maskScratch(w * h);
  for (let k = 0; k < 4; k++) {
    const [rx, ry] = legs[k];
    visitTriangle(w, h, k, rx, ry, (i) => (mask[i] = 1));
    let inside = 0;
    let total = 0;
    visitTriangle(w, h, k, INNER * rx, INNER * ry, (i) => {
      total++;
      if (padColoured(data, i * 3, colour)) inside++;
    });
    if (inside < FITTED_INSIDE * total) return null;
  }
  return mask;
}

/**
 * Visits the pixels of a w x h canvas's corner k (0 top left, 1 top right, 2 bottom left, 3 bottom right) triangle with
 * legs rx (along the top or bottom) and ry (along the side).
 */
function visitTriangle(w: number, h: number, k: number, rx: number, ry: number, visit: (i: number) => void): void {
  for (let y = 0; y < ry; y++) {
    const len = Math.floor(rx * (1 - (y + 0.5) / ry));
    const row = k < 2 ? y : h - 1 - y;
    for (let x = 0; x < len; x++) visit(row * w + (k % 2 === 0 ? x : w - 1 - x));
  }
}

/** A band is at least this share of the side it lies across (thinner: JPEG blocks and a photo's own dark rim). */
const MIN_BAND = 0.01;
/** Where a band ends, the picture starts: at least this share of a line just inside it is not the band's colour. */
const PICTURE_EDGE = 0.5;
/** How far inside the band's last line the picture must start: JPEG blends the two over a block (16 px with its
 *  colour halved) at most. */
const EDGE_LINES = 16;
/** A line of a band: this share of it in the band's colour (JPEG rings a speck or two into it from the picture). */
const BAND_LINE = 0.99;

/** The thickness, in pixels, of a letterbox's or a frame's bands on each side (0 where a side has none). */
export interface Bands {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/**
 * The padding a letterbox or a frame adds: bands of one colour (the four corners') along the top and the bottom, or
 * the left and the right side, or all four, each ending in a straight edge where the picture starts. Both sides of a
 * pair are needed (a sky above a photo is one band), and the straight edge tells a frame from a picture on a plain
 * background (a product shot on white: the line under the white band is still mostly white, the object only touching
 * it). Null when there is none.
 */
export function letterboxBands({ data, width: w, height: h }: RgbPixels): Bands | null {
  const colour = [data[0], data[1], data[2]];
  const near = (x: number, y: number): boolean => padColoured(data, (y * w + x) * 3, colour);
  for (const [x, y] of [[w - 1, 0], [0, h - 1], [w - 1, h - 1]]) if (!near(x, y)) return null;
  /** the share of line k (a row when `rows`, else a column) in the band's colour */
  const share = (k: number, rows: boolean): number => {
    let inside = 0;
    const n = rows ? w : h;
    for (let i = 0; i < n; i++) if (rows ? near(i, k) : near(k, i)) inside++;
    return inside / n;
  };
  /** the band's thickness from one side (lines in its colour), 0 unless the picture starts in a straight edge */
  const band = (start: number, step: number, rows: boolean): number => {
    const n = rows ? h : w;
    let t = 0;
    while (t < n / 2 && share(start + t * step, rows) >= BAND_LINE) t++;
    if (t < Math.max(2, MIN_BAND * n) || t + EDGE_LINES >= n / 2) return 0;
    for (let k = t; k < t + EDGE_LINES; k++) if (1 - share(start + k * step, rows) >= PICTURE_EDGE) return t;
    return 0;
  };
  const top = band(0, 1, true);
  const bottom = top ? band(h - 1, -1, true) : 0;
  const left = band(0, 1, false);
  const right = left ? band(w - 1, -1, false) : 0;
  const rows = top > 0 && bottom > 0;
  const cols = left > 0 && right > 0;
  if (!rows && !cols) return null;
  return rows && cols ? { top, bottom, left, right } : rows ? { top, bottom, left: 0, right: 0 } : { top: 0, bottom: 0, left, right };
}

/** letterboxBands as a per-pixel mask (1: padding). */
function bandMask(img: RgbPixels): Uint8Array | null {
  const b = letterboxBands(img);
  if (!b) return null;
  const { width: w, height: h } = img;
  const mask = maskScratch(w * h);
  for (let y = 0; y < h; y++) {
    const inRowBand = y < b.top || y >= h - b.bottom;
    for (let x = 0; x < w; x++) if (inRowBand || x < b.left || x >= w - b.right) mask[y * w + x] = 1;
  }
  return mask;
}

function median(xs: number[]): number {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

function percentile(xs: number[], p: number): number {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
}

/**
 * Per 16-px block outside the padding: contrast-normalised edge sharpness (sum of squared gradients over the sum of
 * gradients, over the block's standard deviation: about one over the edge width, whatever the contrast) and
 * Immerkær's noise estimate (the Laplacian-difference mask, which cancels planes and ramps). The median sharpness
 * of textured blocks (an overlay covers few blocks and moves the median little), and the noise of the flattest
 * tenth of the blocks (where texture does not pass for noise).
 */
function blockStats(grey: Float32Array, w: number, h: number, padding: Uint8Array): { sharpness: number; noise: number; texturedShare: number } {
  const sharp: number[] = [];
  const noise: number[] = [];
  let blocks = 0;
  // every other block in both directions: a quarter of the pixels, and the median and the tenth percentile stay put
  for (let by = 1; by + BLOCK < h - 1; by += 2 * BLOCK) {
    for (let bx = 1; bx + BLOCK < w - 1; bx += 2 * BLOCK) {
      let skip = false;
      for (const [x, y] of [[bx, by], [bx + BLOCK - 1, by], [bx, by + BLOCK - 1], [bx + BLOCK - 1, by + BLOCK - 1]]) if (padding[y * w + x]) skip = true;
      if (skip) continue;
      blocks++;
      let s1 = 0;
      let s2 = 0;
      let sum = 0;
      let sumSq = 0;
      let lap = 0;
      for (let y = by; y < by + BLOCK; y++) {
        const row = y * w;
        for (let x = bx; x < bx + BLOCK; x++) {
          const i = row + x;
          const v = grey[i];
          const gx = grey[i + 1] - grey[i - 1];
          const gy = grey[i + w] - grey[i - w];
          const g2 = gx * gx + gy * gy;
          s2 += g2;
          s1 += Math.sqrt(g2);
          sum += v;
          sumSq += v * v;
          // Immerkær: [1 -2 1; -2 4 -2; 1 -2 1]
          lap += Math.abs(
            grey[i - w - 1] - 2 * grey[i - w] + grey[i - w + 1] - 2 * grey[i - 1] + 4 * v - 2 * grey[i + 1] + grey[i + w - 1] - 2 * grey[i + w] + grey[i + w + 1],
          );
        }
      }
      const m = BLOCK * BLOCK;
      const std = Math.sqrt(Math.max(0, sumSq / m - (sum / m) ** 2));
      noise.push((Math.sqrt(Math.PI / 2) / 6) * (lap / m));
      if (std >= TEXTURED_STD && s1 > 0) sharp.push(s2 / s1 / std);
    }
  }
  return { sharpness: median(sharp), noise: percentile(noise, 0.1), texturedShare: blocks ? sharp.length / blocks : 0 };
}

// The IJG standard luminance table (ITU T.81 K.1), natural order: libjpeg and most cameras scale it by the quality.
const STD_LUMINANCE = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109,
  103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];
/** position in natural order of the k-th coefficient a DQT segment stores (zigzag order) */
const ZIGZAG = [
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29,
  22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
];

/**
 * The quality a JPEG was saved at, from its first (luminance) quantisation table: the IJG scale factor S is the
 * table over the standard one (entries clamped at 1 or at the top of their range left out), and quality =
 * (200 - S) / 2 below 100 %, 5000 / S above. Tables of other encoders are not scaled copies of the standard one,
 * but coarser still reads lower, which is all the keep rule compares. Null when the bytes are not a JPEG or no
 * table is found in them.
 */
export function jpegQuality(bytes: Uint8Array): number | null {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  let i = 2;
  while (i + 4 <= bytes.length) {
    if (bytes[i] !== 0xff) return null;
    const marker = bytes[i + 1];
    if (marker === 0xff) {
      i++;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return null; // end of image or start of scan: no table before it
    const len = (bytes[i + 2] << 8) | bytes[i + 3];
    if (marker === 0xdb) {
      let p = i + 4;
      const end = Math.min(bytes.length, i + 2 + len);
      while (p < end) {
        const precision = bytes[p] >> 4;
        const id = bytes[p] & 15;
        const count = 64 * (precision ? 2 : 1);
        if (p + 1 + count > end) return null;
        if (id === 0) {
          const top = precision ? 32767 : 255;
          let sum = 0;
          let base = 0;
          for (let k = 0; k < 64; k++) {
            const q = precision ? (bytes[p + 1 + 2 * k] << 8) | bytes[p + 2 + 2 * k] : bytes[p + 1 + k];
            if (q <= 1 || q >= top) continue;
            sum += q;
            base += STD_LUMINANCE[ZIGZAG[k]];
          }
          if (base === 0) return sum === 0 ? 100 : 1; // all 1s: the finest table; all at the top: the coarsest
          const sf = (100 * sum) / base;
          const quality = sf <= 100 ? (200 - sf) / 2 : 5000 / sf;
          return Math.max(1, Math.min(100, Math.round(quality)));
        }
        p += 1 + count;
      }
    }
    i += 2 + len;
  }
  return null;
}

/** Bytes to read from the start of a file to find its quantisation tables (behind EXIF and its thumbnail). */
export const JPEG_HEAD_BYTES = 256 * 1024;
