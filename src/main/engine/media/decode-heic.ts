// HEIC/HEIF: sharp's prebuilt libheif has no HEVC decoder (only AV1, for AVIF), so HEVC images are decoded by
// libheif compiled to WebAssembly (libheif-js), in a thread of its own that also makes the preview (heic-decoder.ts).
import { MediaError } from './types.js';
import { type Decoded } from './decode.js';
import { tooLarge } from './errors.js';
import { heicDecoder } from './heic-decoder.js';

export async function decodeHeif(
  data: Buffer, opts: { label: string; previewEdge: number; maxPixels: number },
): Promise<Decoded> {
  const reply = await heicDecoder.decode(data, opts);
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
      case 'preview':
        throw new MediaError(reply.detail, 'corrupt');
    }
  }
  // libheif applies the container's rotation (irot) as it decodes: the preview is upright already
  return { preview: reply.preview, width: reply.width, height: reply.height, orientation: 1 };
}
