// Contract of the media layer: what the indexer asks of one photo file, and what it gets back.
// Everything here is plain Node (sharp, exifr, libheif-js); nothing imports electron.

/** The formats Loupe tells apart by their bytes (never by the file name alone). */
import type { RgbImage } from './rgb-image.js';
import type { PhotoDamage } from '../../../shared/photo-damage.js';

export type { RgbImage };

/** The formats Loupe tells apart by their bytes (never by the file name alone). */
export type ImageFormat =
  | 'jpeg' | 'png' | 'webp' | 'avif' | 'tiff' | 'gif' | 'heic'
  | 'raw'
  /** recognised image formats that Loupe cannot decode (bmp, jxl, psd, ...) */
  | 'unsupported';

export interface PhotoMetadata {
  /** ISO 8601 local date-time of capture, without zone when the camera gave none (e.g. "2019-05-04T13:22:10"). */
  takenAt: string | null;
  /** where takenAt came from: EXIF DateTimeOriginal/CreateDate (ModifyDate as a later resort), a date in
   *  the file name, or the file's mtime (as local wall-clock time). A zone suffix ("+02:00") is kept only
   *  when the camera wrote OffsetTimeOriginal. */
  takenAtSource: 'exif' | 'filename' | 'mtime' | null;
  cameraMake: string | null;
  cameraModel: string | null;
  lens: string | null;
  gpsLat: number | null;
  gpsLon: number | null;
  gpsAlt: number | null;
  /** why GPS tags that are there could not be used (0,0, out of range, not a number); null otherwise */
  gpsProblem?: string | null;
  /** EXIF orientation 1..8 (1 when absent or invalid). From analyzePhoto: the orientation that was
   *  applied to the original's pixels to get the upright preview (1 for HEIF/AVIF, whose decoder applies
   *  the container's own rotation). The preview, thumbnails, width and height are already upright. */
  orientation: number;
}

/** What analysing one file yields. Width and height are the DISPLAY size (after EXIF rotation). */
export interface AnalyzedPhoto {
  format: Exclude<ImageFormat, 'unsupported'>;
  /** e.g. "JPEG", "HEIC", "Canon CR2 (embedded preview)" */
  formatLabel: string;
  width: number;
  height: number;
  metadata: PhotoMetadata;
  /** A decoded, auto-rotated, sRGB preview (long edge <= previewEdge), raw interleaved RGB, 3 channels.
   *  The embedding models are fed from this, never from the full-size original. */
  preview: RgbImage;
  /** the file's first bytes, when asked for (AnalyzeOptions.keepHead) */
  head?: Uint8Array;
  /** set when the file ends early and the photo is read from the part that decodes */
  damage?: PhotoDamage;
}

/** Raised for any per-file failure. `reason` is one human sentence naming the cause (the caller adds the path). */
export class MediaError extends Error {
  constructor(readonly reason: string, readonly code: MediaErrorCode, options?: { cause?: unknown }) {
    super(reason, options);
    this.name = 'MediaError';
  }
}

export type MediaErrorCode =
  | 'empty'          // zero-byte file
  | 'unreadable'     // permission denied, I/O error, vanished while reading
  | 'not-an-image'   // bytes match no image format (e.g. a text file named .jpg)
  | 'unsupported'    // a recognised format Loupe cannot decode (BMP, JPEG XL, RAW without preview, ...)
  | 'corrupt'        // truncated or damaged data the decoder rejects
  | 'too-large';     // decompression-bomb guard: more pixels than the limit
