// A detected text line cut out of the photo, straightened and scaled to the recogniser's height, and the
// recogniser's and orientation classifier's input tensors made from it (PaddleOCR's get_rotate_crop_image,
// resize_norm_img and ClsResizeImg, written out so that no OpenCV is needed).
import type { Point } from './db-boxes.js';

export interface RgbPixels {
  data: Uint8Array;
  width: number;
  height: number;
}

/** A straightened line image, interleaved RGB. */
export type LineImage = RgbPixels;

/** The recogniser's input height (PP-OCR recognition models take 48-px lines). */
export const LINE_HEIGHT = 48;

/**
 * Cuts the rotated rectangle `quad` (top-left, top-right, bottom-right, bottom-left) out of `image` at
 * LINE_HEIGHT pixels high, keeping its aspect ratio. A line more than 1.5 times taller than wide (vertical
 * Chinese) is turned a quarter counter-clockwise first, as PaddleOCR does, so it reads left to right.
 * Shrinking averages several samples per output pixel (no aliasing on large text).
 */
export function cropLine(image: RgbPixels, quad: readonly Point[], maxWidth = LINE_HEIGHT * 40): LineImage {
  const [tl, tr, br, bl] = quad;
  const w = Math.max(dist(tl, tr), dist(bl, br));
  const h = Math.max(dist(tl, bl), dist(tr, br));
  // origin and the source step per output pixel along x and y of the output
  let origin: Point, ax: Point, ay: Point, srcW: number, srcH: number;
  if (readsTurned(quad)) {
    // turned: output x runs down the line, output y from its right edge to its left
    origin = tr;
    ax = unit(tr, br);
    ay = unit(tr, tl);
    srcW = h;
    srcH = w;
  } else {
    origin = tl;
    ax = unit(tl, tr);
    ay = unit(tl, bl);
    srcW = w;
    srcH = h;
  }
  const outH = LINE_HEIGHT;
  const scale = Math.max(srcH, 1) / outH; // source pixels per output pixel
  const outW = Math.max(1, Math.min(maxWidth, Math.ceil((srcW / scale))));
  const stepX = srcW / outW;
  const out = new Uint8Array(outW * outH * 3);
  const n = Math.min(4, Math.max(1, Math.ceil(scale))); // samples per axis
  const rgb = [0, 0, 0];
  for (let v = 0; v < outH; v++) {
    for (let u = 0; u < outW; u++) {
      let r = 0, g = 0, b = 0;
      for (let j = 0; j < n; j++) {
        const sv = (v + (j + 0.5) / n) * scale;
        for (let i = 0; i < n; i++) {
          const su = (u + (i + 0.5) / n) * stepX;
          const x = origin[0] + su * ax[0] + sv * ay[0] - 0.5;
          const y = origin[1] + su * ax[1] + sv * ay[1] - 0.5;
          bilinear(image, x, y, rgb);
          r += rgb[0];
          g += rgb[1];
          b += rgb[2];
        }
      }
      const o = (v * outW + u) * 3;
      const k = n * n;
      out[o] = r / k;
      out[o + 1] = g / k;
      out[o + 2] = b / k;
    }
  }
  return { data: out, width: outW, height: outH };
}

/** Whether `cropLine` turns this line a quarter counter-clockwise before it is read: more than 1.5 times taller than wide. */
export function readsTurned(quad: readonly Point[]): boolean {
  const [tl, tr, br, bl] = quad;
  return Math.max(dist(tl, bl), dist(tr, br)) >= 1.5 * Math.max(dist(tl, tr), dist(bl, br));
}

/** The line turned half a turn (the orientation classifier found it upside down). */
export function rotate180(line: LineImage): LineImage {
  const n = line.width * line.height;
  const out = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    const j = (n - 1 - i) * 3;
    out[i * 3] = line.data[j];
    out[i * 3 + 1] = line.data[j + 1];
    out[i * 3 + 2] = line.data[j + 2];
  }
  return { data: out, width: line.width, height: line.height };
}

/**
 * A batch tensor [N, 3, LINE_HEIGHT, width] of lines: BGR channels (PaddleOCR models were trained on OpenCV's
 * BGR), each value (v / 255 - 0.5) / 0.5, lines left-aligned and padded with zeros. A line wider than `width`
 * is squeezed to it.
 */
export function linesToTensor(lines: readonly LineImage[], width: number): Float32Array {
  const plane = LINE_HEIGHT * width;
  const out = new Float32Array(lines.length * 3 * plane);
  lines.forEach((line, n) => {
    const base = n * 3 * plane;
    const w = Math.min(width, line.width);
    for (let y = 0; y < LINE_HEIGHT; y++) {
      for (let x = 0; x < w; x++) {
        // nearest sample when squeezing (rare: only lines wider than the cap)
        const sx = line.width === w ? x : Math.min(line.width - 1, Math.floor(((x + 0.5) * line.width) / w));
        const i = (y * line.width + sx) * 3;
        const o = y * width + x;
        out[base + o] = line.data[i + 2] / 127.5 - 1; // B
        out[base + plane + o] = line.data[i + 1] / 127.5 - 1; // G
        out[base + 2 * plane + o] = line.data[i] / 127.5 - 1; // R
      }
    }
  });
  return out;
}

function bilinear(img: RgbPixels, x: number, y: number, out: number[]): void {
  const xc = x < 0 ? 0 : x > img.width - 1 ? img.width - 1 : x;
  const yc = y < 0 ? 0 : y > img.height - 1 ? img.height - 1 : y;
  const x0 = Math.floor(xc), y0 = Math.floor(yc);
  const x1 = Math.min(x0 + 1, img.width - 1), y1 = Math.min(y0 + 1, img.height - 1);
  const fx = xc - x0, fy = yc - y0;
  const d = img.data;
  const i00 = (y0 * img.width + x0) * 3, i01 = (y0 * img.width + x1) * 3;
  const i10 = (y1 * img.width + x0) * 3, i11 = (y1 * img.width + x1) * 3;
  for (let c = 0; c < 3; c++) {
    const top = d[i00 + c] + (d[i01 + c] - d[i00 + c]) * fx;
    const bottom = d[i10 + c] + (d[i11 + c] - d[i10 + c]) * fx;
    out[c] = top + (bottom - top) * fy;
  }
}

function dist(a: Point, b: Point): number {
  return Math.hypot(b[0] - a[0], b[1] - a[1]);
}

function unit(a: Point, b: Point): Point {
  const d = dist(a, b) || 1;
  return [(b[0] - a[0]) / d, (b[1] - a[1]) / d];
}
