// HEIC/HEIF: sharp's prebuilt libheif has no HEVC decoder (only AV1, for AVIF), so HEVC images are
// decoded by libheif compiled to WebAssembly (heic-decode) and handed to sharp as raw RGBA.
import type decodeHeicModule from 'heic-decode';
import { MediaError } from './types.js';
import { decodePixels, type Decoded } from './decode.js';
import { decoderDetail, tooLarge } from './errors.js';

/** Major brands heic-decode accepts; it refuses files whose major brand is another HEIF brand. */
const ACCEPTED_MAJOR_BRANDS = new Set(['mif1', 'msf1', 'heic', 'heix', 'hevc', 'hevx']);

/** libheif itself reads any HEIF major brand; only heic-decode's pre-check is picky, so a file with e.g.
 *  'heim' or 'heis' is presented to it as 'mif1' (the generic brand every HEIF file is compatible with). */
function withAcceptedBrand(data: Buffer): Buffer {
  if (ACCEPTED_MAJOR_BRANDS.has(data.toString('latin1', 8, 12))) return data;
  const copy = Buffer.from(data);
  copy.write('mif1', 8, 'latin1');
  return copy;
}

export async function decodeHeif(
  data: Buffer, opts: { label: string; previewEdge: number; maxPixels: number },
): Promise<Decoded> {
  // Loaded on the first HEIC only: the WebAssembly libheif costs ~0.7 s and tens of MB at every start otherwise
  // (measured in `loupe serve`'s start-up profile), and most libraries have no HEIC at all.
  const decodeHeic: typeof decodeHeicModule = (await import('heic-decode')).default;
  let images: Awaited<ReturnType<typeof decodeHeic.all>>;
  try {
    // Parses the container only; no pixel is decoded until image.decode().
    images = await decodeHeic.all({ buffer: withAcceptedBrand(data) });
  } catch (err) {
    throw new MediaError(`The ${opts.label} file is damaged: its container cannot be parsed (${decoderDetail(err)}).`, 'corrupt', { cause: err });
  }
  try {
    // The first top-level image is the primary one in files from phones and cameras (heic-decode's own
    // choice too); the others are bursts or derived images.
    const image = images[0];
    if (!image) throw new MediaError(`The ${opts.label} file contains no image.`, 'corrupt');
    // libheif reports the size after the file's rotation (irot), which is also how it decodes.
    const { width, height } = image;
    if (width * height > opts.maxPixels) throw tooLarge(opts.label, width, height, opts.maxPixels);
    let rgba: Uint8ClampedArray;
    // libheif-js reports decode failures with console.log, which would land in the middle of `--json` output:
    // catch those lines and put them into the error message instead.
    const said: string[] = [];
    const log = console.log;
    console.log = (...args: unknown[]) => said.push(args.map(describeLogged).join(' '));
    try {
      rgba = (await image.decode()).data;
    } catch (err) {
      const detail = said.length ? said.join('; ') : decoderDetail(err);
      throw new MediaError(`The ${opts.label} image data cannot be decoded (${detail}).`, 'corrupt', { cause: err });
    } finally {
      console.log = log;
    }
    if (rgba.length !== width * height * 4) {
      throw new MediaError(`The ${opts.label} decoder returned ${rgba.length} bytes for a ${width}×${height} image.`, 'corrupt');
    }
    const pixels = Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength);
    return await decodePixels(pixels, { width, height, channels: 4 }, opts);
  } finally {
    images.dispose();
  }
}

/** libheif-js logs `(message, handle, {code, subcode, message})`: keep the readable parts. */
function describeLogged(value: unknown): string {
  if (typeof value === 'string') return value;
  const message = (value as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : '';
}
