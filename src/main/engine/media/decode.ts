// Decodes image bytes (or already-decoded pixels) into the preview every later stage works from:
// upright, sRGB, 8-bit, 3 channels, long edge <= previewEdge.
import sharp, { type Sharp } from 'sharp';
import type { AnalyzedPhoto } from './types.js';
import { MediaError } from './types.js';
import { decoderDetail, sharpError, tooLarge } from './errors.js';
import { isSrgbProfile } from './srgb-profile.js';
import { decodedShare } from './missing-part.js';
import { jpegEndsEarly } from './jpeg-end.js';
import type { PhotoDamage } from '../../../shared/photo-damage.js';

export type Preview = AnalyzedPhoto['preview'];

export interface Decoded {
  preview: Preview;
  /** display size of the full image (after orientation), not of the preview */
  width: number;
  height: number;
  /** the EXIF orientation that was applied to make the preview upright (1 when the decoder itself
   *  already applied the file's rotation, as libheif does for HEIF/AVIF) */
  orientation: number;
  /** set when the file ends early and the preview holds only what decoded (missing-part.ts) */
  damage?: PhotoDamage;
}

export interface DecodeOptions {
  /** format name for messages, e.g. "JPEG" */
  label: string;
  previewEdge: number;
  maxPixels: number;
  /** EXIF orientation to apply; by default the one libvips reads from the image itself. RAW previews
   *  pass their container's, which the embedded JPEG usually lacks. */
  orientation?: number;
}

/**
 * How strict libvips is about damaged pixel data: 'error'. It rejects data that ends early or whose
 * compressed stream is broken (fuzzed TIFFs with bad seeks or bad LZW code words decode to noise under
 * 'truncated'), since such a preview would poison similarity search and duplicate detection; a JPEG that
 * only ends early is decoded again (ENDS_EARLY). It still accepts libjpeg's *warnings* ("extraneous bytes before
 * marker"), which real cameras and editors produce on perfectly viewable photos and which 'warning'
 * would reject. Measured: on the 1,420 JPEG/PNG photos of the shared data set 'error' rejects none;
 * on robustness/ it rejects 9 fuzzer TIFFs more than 'truncated' and 3 viewable JPEGs fewer than 'warning'.
 */
const FAIL_ON = 'error' as const;
/**
 * A JPEG that ends early (a card pulled out mid-write, a half-copied download) is decoded again without that check:
 * the part that is there is the user's photo, and every viewer shows it. Its missing part is one flat grey band
 * (missing-part.ts), which the photo is indexed with and which the viewer shows too; a file where less than this
 * share of the picture decodes holds nothing to index and stays refused.
 */
const ENDS_EARLY = /premature end of JPEG/i;
const MIN_DECODED_SHARE = 0.02;
/** A pathological file must not stall the indexer; real photos decode in well under a second. */
const DECODE_TIMEOUT_S = 120;

/** Orientation as sharp operations. sharp mirrors before it rotates, hence 270 for 5 and 90 for 7. */
function orient(img: Sharp, orientation: number): Sharp {
  switch (orientation) {
    case 2: return img.flop();
    case 3: return img.rotate(180);
    case 4: return img.flip();
    case 5: return img.rotate(270).flop();
    case 6: return img.rotate(90);
    case 7: return img.rotate(90).flop();
    case 8: return img.rotate(270);
    default: return img;
  }
}

const swapsAxes = (orientation: number): boolean => orientation >= 5 && orientation <= 8;

/**
 * resize comes first and the orientation after it: sharp only shrinks on load (libjpeg decodes a 20 MP
 * JPEG at 1/2, 1/4 or 1/8 scale) when no rotation or flip is queued before the resize. Rotating the
 * small preview instead of the original gives the same picture because the box is square.
 */
async function toPreview(img: Sharp, previewEdge: number, orientation: number): Promise<Preview> {
  const resized = img.resize({ width: previewEdge, height: previewEdge, fit: 'inside', withoutEnlargement: true });
  const { data, info } = await orient(resized, orientation)
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb')
    .removeAlpha()
    .timeout({ seconds: DECODE_TIMEOUT_S })
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3 || data.length !== info.width * info.height * 3) {
    throw new MediaError(`The decoder produced ${info.channels}-channel output instead of RGB.`, 'corrupt');
  }
  return { data, width: info.width, height: info.height, channels: 3 };
}

/** Decodes encoded bytes (JPEG, PNG, WebP, GIF, TIFF, AVIF) with sharp. */
export async function decodeEncoded(input: Buffer, opts: DecodeOptions): Promise<Decoded> {
  let width: number;
  let height: number;
  let orientation: number;
  let icc: Buffer | undefined;
  try {
    // Header only: the pixel count is checked before any pixel is decoded, so a decompression bomb
    // costs a few bytes of parsing.
    const meta = await sharp(input, { failOn: FAIL_ON, limitInputPixels: false }).metadata();
    width = meta.width ?? 0;
    height = meta.pageHeight ?? meta.height ?? 0;
    orientation = opts.orientation ?? meta.orientation ?? 1;
    // 8-bit RGB only: other spaces (CMYK, grey, 16-bit) take other conversions
    if (meta.space === 'srgb' && meta.depth === 'uchar') icc = meta.icc;
  } catch (err) {
    throw sharpError(err, opts.label);
  }
  if (width <= 0 || height <= 0) {
    throw new MediaError(`The ${opts.label} header gives no image size.`, 'corrupt');
  }
  if (width * height > opts.maxPixels) throw tooLarge(opts.label, width, height, opts.maxPixels);
  // autoOrient stays off: orientation is applied explicitly so RAW previews can use their container's.
  const decodeWith = async (ignoreIcc: boolean, failOn: 'error' | 'none'): Promise<Preview> => toPreview(
    sharp(input, { failOn, limitInputPixels: opts.maxPixels, autoOrient: false, pages: 1, ignoreIcc }),
    opts.previewEdge, orientation,
  );
  const decodeAll = async (failOn: 'error' | 'none'): Promise<Preview> => {
    try {
      // an sRGB profile converts every colour to itself (within a level): the conversion is left out (srgb-profile.ts)
      return await decodeWith(icc !== undefined && await isSrgbProfile(icc), failOn);
    } catch (err) {
      // A malformed ICC profile makes the colour conversion fail, not the pixels: retry without it
      // (colours may be slightly off) rather than lose the photo.
      if (!/\bICC\b/i.test(String(err))) throw sharpError(err, opts.label);
      try {
        return await decodeWith(true, failOn);
      } catch (retryErr) {
        throw sharpError(retryErr, opts.label);
      }
    }
  };
  let preview: Preview;
  let damage: PhotoDamage | undefined;
  try {
    preview = await decodeAll(FAIL_ON);
  } catch (err) {
    // the decoder's reason, or the bytes where its message was lost (libvips' one error buffer: jpeg-end.ts)
    if (!(err instanceof MediaError) || !(ENDS_EARLY.test(err.reason) || jpegEndsEarly(input))) throw err;
    preview = await decodeAll('none');
    const share = decodedShare(preview, orientation);
    if (share < MIN_DECODED_SHARE) {
      throw new MediaError(`The ${opts.label} file ends before its picture begins: nothing of it decodes (${decoderDetail(err.cause)}).`, 'corrupt', { cause: err.cause });
    }
    damage = share < 1 ? 'truncated' : 'incomplete';
  }
  const size = swapsAxes(orientation) ? { width: height, height: width } : { width, height };
  return { preview, ...size, orientation, ...(damage && { damage }) };
}

/** Shrinks already-decoded interleaved pixels (HEIC via libheif-js) into a preview. */
export async function decodePixels(
  pixels: Buffer, size: { width: number; height: number; channels: 3 | 4 }, opts: Omit<DecodeOptions, 'orientation'>,
): Promise<Decoded> {
  try {
    const img = sharp(pixels, { raw: size, limitInputPixels: opts.maxPixels });
    const preview = await toPreview(img, opts.previewEdge, 1);
    return { preview, width: size.width, height: size.height, orientation: 1 };
  } catch (err) {
    throw sharpError(err, opts.label);
  }
}
