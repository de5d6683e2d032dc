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
