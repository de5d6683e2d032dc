// From a decoded RGB preview to the float32 NHWC tensor data a bundled model takes, following the
// model's manifest entry: stretch to the size given for the purpose (both source libraries stretch
// rather than crop), then map bytes 0..255 linearly onto the model's input range.
import sharp from 'sharp';
import type { ModelEntry } from './manifest.js';

import type { RgbImage } from '../media/rgb-image.js';

export type { RgbImage };

export interface ModelInputData {
  /** height * width * 3 floats, row-major, channels last (RGB) */
  data: Float32Array;
  width: number;
  height: number;
}

/** The [height, width] the manifest asks for `purpose` (e.g. 'embed', 'detect'). */
export function inputSizeFor(entry: ModelEntry, purpose: string): [number, number] {
  const size = entry.input.resize.sizes[purpose];
  if (!size) throw new Error(`model ${entry.id} has no input size for "${purpose}" (has: ${Object.keys(entry.input.resize.sizes).join(', ')})`);
  return size;
}

/** Resizes `image` (aspect ratio not kept) to width x height RGB bytes. */
export async function resizeRgb(image: RgbImage, width: number, height: number): Promise<Buffer> {
  if (image.channels !== 3) throw new Error('expected 3-channel RGB');
  if (image.data.length !== image.width * image.height * 3) {
    throw new Error(`RGB buffer holds ${image.data.length} bytes, ${image.width}x${image.height}x3 needs ${image.width * image.height * 3}`);
  }
  if (image.width === width && image.height === height) return Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(width, height, { fit: 'fill' })
    .raw()
    .toBuffer();
}

/** Maps bytes onto [lo, hi]: lo + v * (hi - lo) / 255, exactly v / 255 for [0, 1] and v for [0, 255]. */
export function bytesToRange(bytes: Uint8Array, range: readonly [number, number]): Float32Array {
  const [lo, hi] = range;
  const out = new Float32Array(bytes.length);
  if (lo === 0 && hi === 255) {
    out.set(bytes);
  } else {
    const scale = hi - lo;
    for (let i = 0; i < bytes.length; i++) out[i] = lo + (bytes[i] / 255) * scale;
  }
  return out;
}

/** One image's input for `entry` at the size the manifest gives for `purpose`. */
export async function preprocessForModel(image: RgbImage, entry: ModelEntry, purpose: string): Promise<ModelInputData> {
  const [height, width] = inputSizeFor(entry, purpose);
  const rgb = await resizeRgb(image, width, height);
  return { data: bytesToRange(rgb, entry.input.range), width, height };
}

/** Concatenates same-sized inputs into one [N, H, W, 3] batch. */
export function stackBatch(items: readonly ModelInputData[]): { data: Float32Array; dims: [number, number, number, number] } {
  if (items.length === 0) throw new Error('empty batch');
  const { width, height } = items[0];
  const per = width * height * 3;
  const data = new Float32Array(per * items.length);
  items.forEach((item, i) => {
    if (item.width !== width || item.height !== height) throw new Error('all inputs of a batch must have the same size');
    data.set(item.data, i * per);
  });
  return { data, dims: [items.length, height, width, 3] };
}

/** Interleaved RGB pixels (bytes or model inputs) mirrored left to right. */
export function mirrorRgb(data: Float32Array, width: number, height: number): Float32Array;
export function mirrorRgb(data: Uint8Array, width: number, height: number): Uint8Array;
export function mirrorRgb(data: Uint8Array | Float32Array, width: number, height: number): Uint8Array | Float32Array {
  const out = data instanceof Float32Array ? new Float32Array(data.length) : new Uint8Array(data.length);
  for (let y = 0; y < height; y++) {
    const row = y * width * 3;
    for (let x = 0; x < width; x++) {
      const from = row + x * 3;
      const to = row + (width - 1 - x) * 3;
      out[to] = data[from];
      out[to + 1] = data[from + 1];
      out[to + 2] = data[from + 2];
    }
  }
  return out;
}
