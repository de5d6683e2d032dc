import sharp, { type Sharp } from 'sharp';
/**
 * A decoded image as Loupe's stages pass it around: upright, sRGB, interleaved RGB bytes (3 per pixel,
 * row-major), usually a preview (long edge <= 1280), never a full-size original. The media decoder makes
 * it; the duplicate hashes, the model preprocessing and the inference worker take it.
 */
export interface RgbImage {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 3;
}

/** sharp's raw RGB output (`.raw().toBuffer({ resolveWithObject: true })`) as an RgbImage, sharing its memory. */
export function rgbFromRaw(out: { data: Buffer; info: { width: number; height: number } }): RgbImage {
  return { data: new Uint8Array(out.data.buffer, out.data.byteOffset, out.data.byteLength), width: out.info.width, height: out.info.height, channels: 3 };
}

/** `image` through a sharp pipeline (`edit`: a resize, a turn) and back as an RgbImage. */
export async function reshapeRgb(image: RgbImage, edit: (pipeline: Sharp) => Sharp): Promise<RgbImage> {
  const input = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
  return rgbFromRaw(await edit(input).raw().toBuffer({ resolveWithObject: true }));
}
