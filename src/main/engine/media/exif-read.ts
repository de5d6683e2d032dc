// Reads the raw EXIF tags Loupe uses from a file's bytes, whatever the container. Never throws: EXIF in
// the wild is often broken, and a photo with broken EXIF is still a photo.
import exifr from 'exifr';
import type { ImageFormat } from './types.js';
import { findEmbeddedJpegs } from './embedded-jpeg.js';

export type ExifTags = Record<string, unknown>;

/** Only the TIFF/EXIF/GPS blocks: XMP, ICC, IPTC, maker notes and the thumbnail IFD are skipped, which
 *  is faster and avoids the parsers most often tripped by malformed files. `reviveValues: false` keeps
 *  dates as the camera's strings; revived, exifr turns them into Date objects in the indexing machine's
 *  zone, which shifts the wall-clock time the camera recorded. */
const EXIFR_OPTIONS = {
  tiff: true, exif: true, gps: true,
  ifd1: false, interop: false, xmp: false, icc: false, iptc: false, jfif: false, ihdr: false,
  makerNote: false, userComment: false,
  reviveValues: false, translateValues: false, sanitize: true, mergeOutput: true,
} as const;

async function parseSafely(data: Buffer, options: object = EXIFR_OPTIONS): Promise<ExifTags> {
  try {
    const out: unknown = await exifr.parse(data, options);
    return out && typeof out === 'object' ? (out as ExifTags) : {};
  } catch {
    return {};
  }
}

const hasUsefulTags = (t: ExifTags): boolean =>
  ['Make', 'Model', 'DateTimeOriginal', 'CreateDate', 'GPSLatitude'].some((k) => t[k] !== undefined);

export async function readExifTags(data: Buffer, format: ImageFormat, label = ''): Promise<ExifTags> {
  if (format === 'gif' || format === 'unsupported') return {};
  if (format !== 'raw') return parseSafely(data);
  if (label === 'Canon CR3') return readCr3Tags(data);
  const direct = await parseSafely(data);
  if (hasUsefulTags(direct)) return direct;
  // RAF, X3F, MRW, CRW: exifr does not read the container, but the embedded preview JPEG carries EXIF.
  for (const jpeg of findEmbeddedJpegs(data).slice(0, 3)) {
    const tags = await parseSafely(data.subarray(jpeg.offset, jpeg.offset + jpeg.length));
    if (hasUsefulTags(tags)) return { ...direct, ...tags };
  }
  return direct;
}

// Canon CR3 keeps its EXIF as bare TIFF structures in boxes CMT1 (IFD0), CMT2 (Exif IFD) and
// CMT4 (GPS IFD), each parsed as if it were IFD0, so tags come back by number and are named here.
const CR3_TAGS: Record<string, Record<number, string>> = {
  CMT1: { 0x010f: 'Make', 0x0110: 'Model', 0x0112: 'Orientation' },
  CMT2: { 0x9003: 'DateTimeOriginal', 0x9004: 'CreateDate', 0x9011: 'OffsetTimeOriginal', 0xa434: 'LensModel' },
  CMT4: { 1: 'GPSLatitudeRef', 2: 'GPSLatitude', 3: 'GPSLongitudeRef', 4: 'GPSLongitude', 5: 'GPSAltitudeRef', 6: 'GPSAltitude' },
};
/** The CMT boxes sit in the movie header, near the start. */
const CR3_HEADER_SCAN = 256 * 1024;

async function readCr3Tags(data: Buffer): Promise<ExifTags> {
  const head = data.subarray(0, CR3_HEADER_SCAN);
  const tags: ExifTags = {};
  for (const [box, names] of Object.entries(CR3_TAGS)) {
    const at = head.indexOf(box, 0, 'latin1');
    if (at < 4) continue;
    const size = head.readUInt32BE(at - 4);
    if (size < 16 || at - 4 + size > data.length) continue;
    const raw = await parseSafely(data.subarray(at + 4, at - 4 + size), {
      ...EXIFR_OPTIONS, exif: false, gps: false, translateKeys: false,
    });
    for (const [num, name] of Object.entries(names)) {
      if (raw[num] !== undefined) tags[name] = raw[num];
    }
  }
  return tags;
}
