// HEIC/HEIF: sharp's prebuilt libheif has no HEVC decoder (only AV1, for AVIF), so HEVC images are
// decoded by libheif compiled to WebAssembly (heic-decode), in a thread of its own (heic-decoder.ts), and handed to
// sharp as raw RGBA.
import { MediaError } from './types.js';
import { decodePixels, type Decoded } from './decode.js';
import { tooLarge } from './errors.js';
import { heicDecoder } from './heic-decoder.js';

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
  const reply = await heicDecoder.decode(withAcceptedBrand(data), opts.maxPixels);
  if (!reply.ok) {
    switch (reply.reason) {
      case 'container':
        throw new MediaError(`The ${opts.label} file is damaged: its container cannot be parsed (${reply.detail}).`, 'corrupt');
      case 'no-image':
        throw new MediaError(`The ${opts.label} file contains no image.`, 'corrupt');
      case 'too-large':
        throw tooLarge(opts.label, reply.width!, reply.height!, opts.maxPixels);
      case 'decode':
        throw new MediaError(`The ${opts.label} image data cannot be decoded (${reply.detail}).`, 'corrupt');
    }
  }
  const { width, height, rgba } = reply;
  if (rgba.length !== width * height * 4) {
    throw new MediaError(`The ${opts.label} decoder returned ${rgba.length} bytes for a ${width}×${height} image.`, 'corrupt');
  }
  return await decodePixels(Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength), { width, height, channels: 4 }, opts);
}
