// The one call the indexer makes per new or changed file: read it once, tell its format from its bytes,
// read its metadata and decode a preview, or fail with a MediaError that says why in one sentence.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AnalyzedPhoto } from './types.js';
import { MediaError } from './types.js';
import { SNIFF_BYTES, sniffFormat, type SniffResult } from './sniff.js';
import { extensionOf } from './extensions.js';
import { metadataFromBytes } from './metadata.js';
import { decodeEncoded, type Decoded } from './decode.js';
import { decodeHeif } from './decode-heic.js';
import { decodeRawPreview } from './decode-raw.js';
import { readError } from './errors.js';

export interface AnalyzeOptions {
  /** the file's mtime, the date of last resort */
  mtimeMs: number;
  /** long edge of the decoded preview (default 1280) */
  previewEdge?: number;
  /** decompression-bomb guard, width × height (default 268 402 689, sharp's own default) */
  maxPixels?: number;
  /** also hand back the file's first `keepHead` bytes (a JPEG's quantisation tables), so no stage reads it again */
  keepHead?: number;
}

export const DEFAULT_PREVIEW_EDGE = 1280;
export const DEFAULT_MAX_PIXELS = 268_402_689;

export async function analyzePhoto(filePath: string, opts: AnalyzeOptions): Promise<AnalyzedPhoto> {
  const previewEdge = opts.previewEdge ?? DEFAULT_PREVIEW_EDGE;
  const maxPixels = opts.maxPixels ?? DEFAULT_MAX_PIXELS;
  if (!Number.isInteger(previewEdge) || previewEdge < 1) throw new RangeError(`previewEdge must be a positive integer, got ${previewEdge}`);
  if (!(maxPixels > 0)) throw new RangeError(`maxPixels must be positive, got ${maxPixels}`);

  // Read whole, once: sniffing, EXIF and decoding all work from these bytes, so the file cannot change
  // or vanish between the steps, and it is opened a single time.
  let data: Buffer;
  try {
    data = await readFile(filePath);
  } catch (err) {
    throw readError(err);
  }
  if (data.length === 0) throw new MediaError('The file is empty (0 bytes).', 'empty');

  const sniffed = sniffFormat(data.subarray(0, SNIFF_BYTES), filePath);
  if (!sniffed) throw notAnImage(data, filePath);
  if (sniffed.format === 'unsupported') {
    throw new MediaError(`${sniffed.label} images are recognised but Loupe cannot decode them.`, 'unsupported');
  }
  const format = sniffed.format;

  const metadata = await metadataFromBytes(data, path.basename(filePath), format, opts.mtimeMs, sniffed.label);
  const decoded = await decode(data, sniffed, { previewEdge, maxPixels, orientation: metadata.orientation });
  return {
    format,
    formatLabel: format === 'raw' ? `${sniffed.label} (embedded preview)` : sniffed.label,
    width: decoded.width,
    height: decoded.height,
    // The orientation actually applied: libvips reads EXIF where exifr cannot (WebP), and for HEIF/AVIF
    // the container's rotation wins over any EXIF tag, so a consumer never rotates twice.
    metadata: { ...metadata, orientation: decoded.orientation },
    preview: decoded.preview,
    ...(decoded.damage && { damage: decoded.damage }),
    // a copy: a view would pin the whole file's buffer for as long as the head is kept
    ...(opts.keepHead ? { head: new Uint8Array(data.subarray(0, opts.keepHead)) } : {}),
  };
}

function decode(
  data: Buffer, sniffed: SniffResult, opts: { previewEdge: number; maxPixels: number; orientation: number },
): Promise<Decoded> {
  const base = { label: sniffed.label, previewEdge: opts.previewEdge, maxPixels: opts.maxPixels };
  switch (sniffed.format) {
    case 'heic': return decodeHeif(data, base);
    case 'raw': return decodeRawPreview(data, { ...base, orientation: opts.orientation });
    // sharp reads the orientation itself; AVIF's rotation is applied by libheif while decoding.
    default: return decodeEncoded(data, base);
  }
}

function notAnImage(data: Buffer, filePath: string): MediaError {
  const ext = extensionOf(filePath);
  const claimed = ext ? `its name ends in ${ext}` : 'its name has no extension';
  const head = data.subarray(0, 512);
  // Printable text (HTML error pages saved as .jpg, notes, sync-conflict stubs) is worth naming as such.
  // eslint-disable-next-line no-control-regex
  const looksLikeText = !/[\u0000-\u0008\u000e-\u001f]/.test(head.toString('latin1'));
  const what = looksLikeText ? 'The file contains text, not an image' : 'The file\'s bytes match no known image format';
  return new MediaError(`${what}, although ${claimed}.`, 'not-an-image');
}
