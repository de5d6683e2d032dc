// The aligned face and what is read from it: its sharpness and the descriptor's input (the face and its mirror image).
// A group photo has a dozen faces and a street scene more: one FaceCrop holds the buffers for one face at a time,
// reused from face to face, so describing a face allocates nothing (the crop, the mirror and the float input were
// three fresh arrays a face, 1.5 MB, and what the garbage collector then spent on them showed in the face stage's CPU).
import { fitSimilarity, warpSimilarity, type Point } from '../../engine/faces/face-geometry.js';
import type { RgbImage } from '../../engine/media/rgb-image.js';

/**
 * Where the detector's eyes, nose tip and mouth centre go in a 112 px crop: the ArcFace template (the mouth centre
 * is the mean of its two mouth corners). Scaled to the descriptor's input size.
 */
const TEMPLATE_112: Point[] = [[38.2946, 51.6963], [73.5318, 51.5014], [56.0252, 71.7366], [56.1396, 92.2848]];

/** The face warped so that its eyes, nose tip and mouth centre sit on the ArcFace template: the `size` px crop the
 *  sharpness is measured on (RGB bytes), written into `out` when given. */
export function alignFace(image: RgbImage, landmarks: Point[], size: number, out?: Uint8Array): Uint8Array {
  const k = size / 112;
  const template = TEMPLATE_112.map(([x, y]) => [x * k, y * k] as Point);
  return warpSimilarity(image.data, image.width, image.height, fitSimilarity(landmarks.slice(0, 4), template), size, out);
}

/**
 * The dlib descriptor's chip (dlib's get_face_chip_details, 150 px, padding 0.25): its 5-point template puts the eye
 * centres (the means of its eye corners) at (47.7, 47.1) and (100.3, 47.1); the ArcFace template is moved there by a
 * similarity (its nose tip and mouth centre follow, in ArcFace's proportions: BlazeFace gives the nose tip, dlib's
 * template the base of the nose). dlib's chip shows the face from the brows to the chin, ArcFace's crop is taller
 * above the eyes: on ArcFace's crop scaled to 150 px, dlib's network separated people far worse (AUC of same- against
 * other-person pairs 0.945 vs 0.9995 on faces-dev; docs/faces.md).
 */
export function dlibChipTemplate(size: number): Point[] {
  const pad = 0.25;
  const chip = (u: number) => ((u + pad) / (1 + 2 * pad)) * size;
  // eye centres of dlib's template (unit square): the means of parts 2, 3 (image left) and 0, 1 (image right)
  const left: Point = [chip((0.1205750620789 + 0.3340850613712) / 2), chip((0.2137274526848 + 0.2290642403242) / 2)];
  const right: Point = [chip((0.8595674595992 + 0.6460604764104) / 2), chip((0.2134981538014 + 0.2289674387677) / 2)];
  const [a, b] = [TEMPLATE_112[0], TEMPLATE_112[1]];
  const src = [b[0] - a[0], b[1] - a[1]];
  const dst = [right[0] - left[0], right[1] - left[1]];
  // the similarity taking ArcFace's eye line to dlib's: rotation and scale as one complex ratio
  const n = src[0] * src[0] + src[1] * src[1];
  const c = (dst[0] * src[0] + dst[1] * src[1]) / n;
  const s = (dst[1] * src[0] - dst[0] * src[1]) / n;
  return TEMPLATE_112.map(([x, y]) => {
    const [u, v] = [x - a[0], y - a[1]];
    return [left[0] + c * u - s * v, left[1] + s * u + c * v] as Point;
  });
}

/** The part of a `size` px crop that laplacianVariance reads: its central half [lo, hi) and the pixels around it. */
function centralHalf(size: number): { lo: number; hi: number; side: number } {
  const lo = Math.floor(size / 4);
  const hi = Math.ceil((3 * size) / 4);
  return { lo, hi, side: hi - lo + 2 };
}

/**
 * Variance of the 4-neighbour Laplacian of the crop's luma, over its central half: low means blurred. Each pixel's
 * luma is computed once (into `luma`, side² values, reused when given), not once for each of the five terms it is
 * in; the sums run in the same order as the plain formula's, so the value is the same to the last bit.
 */
export function laplacianVariance(rgb: Uint8Array, size: number, luma?: Float64Array): number {
  const { lo, hi, side } = centralHalf(size);
  const l = luma ?? new Float64Array(side * side);
  let k = 0;
  for (let y = lo - 1; y <= hi; y++) {
    for (let x = lo - 1, o = (y * size + x) * 3; x <= hi; x++, o += 3) l[k++] = 0.299 * rgb[o] + 0.587 * rgb[o + 1] + 0.114 * rgb[o + 2];
  }
  let sum = 0;
  let sum2 = 0;
  for (let y = 1; y < side - 1; y++) {
    for (let x = 1, i = y * side + 1; x < side - 1; x++, i++) {
      const v = 4 * l[i] - l[i - 1] - l[i + 1] - l[i - side] - l[i + side];
      sum += v;
      sum2 += v * v;
    }
  }
  const n = (hi - lo) * (hi - lo);
  const mean = sum / n;
  return sum2 / n - mean * mean;
}

/** The descriptor's input for a crop: the crop, then its mirror image (left and right swapped), as floats of the raw
 *  0..255 bytes, [2, size, size, 3], written into `out` (the bytes converted by one native copy, then each row's pixels
 *  copied in reverse order: 0.12 CPU ms at 224 px, where a byte-by-byte loop over both took 0.17). */
export function withMirror(crop: Uint8Array, size: number, out: Float32Array = new Float32Array(2 * crop.length)): Float32Array {
  out.set(crop);
  const row = size * 3;
  const second = crop.length;
  for (let start = 0; start < second; start += row) {
    for (let i = start, m = second + start + row - 3; i < start + row; i += 3, m -= 3) {
      out[m] = out[i]; out[m + 1] = out[i + 1]; out[m + 2] = out[i + 2];
    }
  }
  return out;
}

/** The descriptor's own crop, when it is not the ArcFace crop the sharpness is measured on: its side and template. */
export interface DescriptorChip {
  size: number;
  template: Point[];
}

/** One face at a time, aligned at `size` px: the crop, its sharpness, the descriptor's input, in reused buffers. With
 *  `chip`, the descriptor reads its own crop (dlib's), warped from the same landmarks when the input is asked for; the
 *  sharpness stays measured on the ArcFace crop, so the quality rule keeps its meaning. */
export class FaceCrop {
  private readonly crop: Uint8Array;
  private readonly luma: Float64Array;
  private readonly input: Float32Array;
  private readonly chipCrop: Uint8Array | null;
  private last: { image: RgbImage; landmarks: Point[] } | null = null;

  constructor(readonly size: number, readonly chip?: DescriptorChip) {
    this.crop = new Uint8Array(size * size * 3);
    const { side } = centralHalf(size);
    this.luma = new Float64Array(side * side);
    this.chipCrop = chip ? new Uint8Array(chip.size * chip.size * 3) : null;
    this.input = new Float32Array(2 * (this.chipCrop ?? this.crop).length);
  }

  /** The side of the descriptor's input. */
  get inputSize(): number {
    return this.chip?.size ?? this.size;
  }

  /** Aligns a face (alignFace) and returns the crop's sharpness (laplacianVariance). The crop stays until the next. */
  align(image: RgbImage, landmarks: Point[]): number {
    alignFace(image, landmarks, this.size, this.crop);
    this.last = { image, landmarks };
    return laplacianVariance(this.crop, this.size, this.luma);
  }

  /** The last aligned face and its mirror image, the descriptor's input (withMirror); valid until the next call. */
  descriptorInput(): Float32Array {
    if (!this.chip || !this.chipCrop) return withMirror(this.crop, this.size, this.input);
    const { image, landmarks } = this.last!;
    warpSimilarity(image.data, image.width, image.height, fitSimilarity(landmarks.slice(0, 4), this.chip.template), this.chip.size, this.chipCrop);
    this.last = null; // the image is not kept past the face
    return withMirror(this.chipCrop, this.chip.size, this.input);
  }
}
