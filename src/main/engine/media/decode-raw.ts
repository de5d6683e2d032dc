// Camera RAW: Loupe does not demosaic sensor data. Cameras embed a JPEG rendering of every shot (often
// full size), which is what the camera itself shows and is good enough for thumbnails, similarity and
// tags; this decodes the largest one.
import { MediaError } from './types.js';
import { decodeEncoded, type Decoded } from './decode.js';
import { findEmbeddedJpegs } from './embedded-jpeg.js';
import { tooLarge } from './errors.js';

/** Below this long edge an embedded JPEG is a placeholder, not a picture of the scene (the 160×120 EXIF
 *  thumbnail is the smallest real one). */
const MIN_PREVIEW_EDGE = 160;

export async function decodeRawPreview(
  data: Buffer,
  opts: { label: string; previewEdge: number; maxPixels: number; orientation: number },
): Promise<Decoded> {
  const all = findEmbeddedJpegs(data);
  const usable = all.filter((j) => Math.max(j.width, j.height) >= MIN_PREVIEW_EDGE);
  if (usable.length === 0) {
    const largest = all[0] ? ` (the largest embedded image is only ${all[0].width}×${all[0].height})` : '';
    throw new MediaError(
      `The ${opts.label} RAW file has no usable embedded JPEG preview${largest}, and Loupe does not decode RAW sensor data.`,
      'unsupported',
    );
  }
  const fits = usable.filter((j) => j.width * j.height <= opts.maxPixels);
  if (fits.length === 0) throw tooLarge(`${opts.label} embedded preview`, usable[0].width, usable[0].height, opts.maxPixels);
  let firstError: unknown;
  for (const jpeg of fits) {
    try {
      const bytes = data.subarray(jpeg.offset, jpeg.offset + jpeg.length);
      // The embedded JPEG seldom carries its own orientation; the RAW container's applies to it, and
      // the JPEG's own tag only when the container has none.
      const orientation = opts.orientation > 1 ? opts.orientation : undefined;
      return await decodeEncoded(bytes, { ...opts, orientation, label: `${opts.label} embedded preview` });
    } catch (err) {
      firstError ??= err; // a damaged big preview: the next smaller one may still be fine
    }
  }
  throw firstError instanceof MediaError
    ? firstError
    : new MediaError(`The ${opts.label} RAW file's embedded preview cannot be decoded.`, 'corrupt', { cause: firstError });
}
