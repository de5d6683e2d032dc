// Tells the format of a file from its first bytes. The name is consulted only where the bytes cannot
// decide (TIFF-based RAW formats, header-less TGA), so a PNG named .jpg is still a PNG.
import type { ImageFormat } from './types.js';
import { RAW_EXTENSIONS, extensionOf } from './extensions.js';

export { PHOTO_EXTENSIONS, isPhotoFileName } from './extensions.js';

export interface SniffResult {
  format: ImageFormat;
  /** human name of the format, e.g. "JPEG", "HEIC", "Canon CR2", "BMP" */
  label: string;
}

/** How many leading bytes sniffFormat wants; fewer work but may miss ISO-BMFF compatible brands. */
export const SNIFF_BYTES = 64;

const ascii = (b: Buffer, start: number, end: number): string => b.toString('latin1', start, end);
const startsWith = (b: Buffer, bytes: readonly number[], at = 0): boolean =>
  b.length >= at + bytes.length && bytes.every((v, i) => b[at + i] === v);

// ISO-BMFF brands (ftyp box). HEIC/HEIF go to libheif-js, AVIF to sharp, so telling them apart matters.
const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs']);
const AVIF_BRANDS = new Set(['avif', 'avis']);
const GENERIC_HEIF_BRANDS = new Set(['mif1', 'msf1', 'mif2', 'miaf']);

export function sniffFormat(head: Buffer, fileName: string): SniffResult | null {
  const ext = extensionOf(fileName);
  if (head.length < 4) return null;

  if (startsWith(head, [0xff, 0xd8, 0xff])) return { format: 'jpeg', label: 'JPEG' };
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { format: 'png', label: 'PNG' };
  if (ascii(head, 0, 6) === 'GIF87a' || ascii(head, 0, 6) === 'GIF89a') return { format: 'gif', label: 'GIF' };
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return { format: 'webp', label: 'WebP' };

  const bmff = sniffIsoBmff(head);
  if (bmff) return bmff;

  const raw = sniffRaw(head, ext);
  if (raw) return raw;

  if (ascii(head, 0, 4) === 'II*\0' || ascii(head, 0, 4) === 'MM\0*') return { format: 'tiff', label: 'TIFF' };
  // BigTIFF: libtiff reads it, and sharp with it.
  if (ascii(head, 0, 4) === 'II+\0' || ascii(head, 0, 4) === 'MM\0+') return { format: 'tiff', label: 'BigTIFF' };

  return sniffUndecodable(head, ext);
}

/** ISO base media files: HEIC/HEIF, AVIF, Canon CR3, JPEG 2000/JPEG XL containers. */
function sniffIsoBmff(head: Buffer): SniffResult | null {
  if (head.length < 12 || ascii(head, 4, 8) !== 'ftyp') return null;
  const boxSize = head.readUInt32BE(0);
  const brands = [ascii(head, 8, 12)];
  // compatible brands follow the 4-byte minor version; read as many as the box and the head hold
  for (let at = 16; at + 4 <= Math.min(boxSize, head.length); at += 4) brands.push(ascii(head, at, at + 4));
  const major = brands[0];
  if (major === 'crx ') return { format: 'raw', label: 'Canon CR3' };
  if (AVIF_BRANDS.has(major)) return { format: 'avif', label: 'AVIF' };
  if (HEIC_BRANDS.has(major)) return { format: 'heic', label: 'HEIC' };
  if (GENERIC_HEIF_BRANDS.has(major)) {
    // A generic HEIF major brand says nothing about the codec; the compatible brands do.
    if (brands.some((b) => AVIF_BRANDS.has(b))) return { format: 'avif', label: 'AVIF' };
    if (brands.some((b) => HEIC_BRANDS.has(b))) return { format: 'heic', label: 'HEIC' };
    return { format: 'heic', label: 'HEIF' };
  }
  if (major === 'jp2 ' || major === 'jpx ' || major === 'jpm ') return { format: 'unsupported', label: 'JPEG 2000' };
  if (major === 'jxl ') return { format: 'unsupported', label: 'JPEG XL' };
  // mp4/mov and friends: not an image
  return null;
}

function sniffRaw(head: Buffer, ext: string): SniffResult | null {
  if (ascii(head, 0, 15) === 'FUJIFILMCCD-RAW') return { format: 'raw', label: 'Fujifilm RAF' };
  if (ascii(head, 0, 4) === 'FOVb') return { format: 'raw', label: 'Sigma X3F' };
  if (ascii(head, 0, 4) === '\0MRM') return { format: 'raw', label: 'Minolta MRW' };
  if (ascii(head, 0, 2) === 'II' && ascii(head, 6, 14) === 'HEAPCCDR') return { format: 'raw', label: 'Canon CRW' };
  // TIFF variants with their own magic number
  const magic4 = ascii(head, 0, 4);
  if (magic4 === 'IIRO' || magic4 === 'IIRS' || magic4 === 'MMOR') return { format: 'raw', label: 'Olympus ORF' };
  if (magic4 === 'IIU\0') return { format: 'raw', label: ext === '.rwl' ? 'Leica RWL' : 'Panasonic RW2' };
  const isTiff = magic4 === 'II*\0' || magic4 === 'MM\0*';
  if (!isTiff) return null;
  if (ascii(head, 8, 10) === 'CR') return { format: 'raw', label: 'Canon CR2' };
  // NEF, ARW, DNG, PEF, SRW, IIQ, ... are plain TIFF containers: only the extension tells them apart.
  const label = RAW_EXTENSIONS.get(ext);
  return label ? { format: 'raw', label } : null;
}

/** Recognised image formats that Loupe cannot decode; reported by name rather than as "not an image". */
function sniffUndecodable(head: Buffer, ext: string): SniffResult | null {
  const unsupported = (label: string): SniffResult => ({ format: 'unsupported', label });
  // 'BM' alone is too weak (a text file may start with it): also require a known DIB header size.
  if (ascii(head, 0, 2) === 'BM' && head.length >= 18 && [12, 16, 40, 52, 56, 64, 108, 124].includes(head.readUInt32LE(14))) {
    return unsupported('BMP');
  }
  if (startsWith(head, [0xff, 0x0a])) return unsupported('JPEG XL');
  if (startsWith(head, [0, 0, 0, 0x0c, 0x4a, 0x58, 0x4c, 0x20, 0x0d, 0x0a, 0x87, 0x0a])) return unsupported('JPEG XL');
  if (startsWith(head, [0, 0, 0, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a])) return unsupported('JPEG 2000');
  if (startsWith(head, [0xff, 0x4f, 0xff, 0x51])) return unsupported('JPEG 2000');
  if (ascii(head, 0, 4) === '8BPS') return unsupported(head[5] === 2 ? 'Photoshop PSB' : 'Photoshop PSD');
  if (startsWith(head, [0x76, 0x2f, 0x31, 0x01])) return unsupported('OpenEXR');
  if (ascii(head, 0, 10) === '#?RADIANCE' || ascii(head, 0, 6) === '#?RGBE') return unsupported('Radiance HDR');
  if (/^P[1-7]\s/.test(ascii(head, 0, 3))) return unsupported('Netpbm');
  if (startsWith(head, [0x01, 0xda]) && (head[2] === 0 || head[2] === 1)) return unsupported('SGI');
  // ICO/CUR: reserved 0, type 1 or 2, then a non-zero image count
  if (head.length >= 6 && head.readUInt16LE(0) === 0 && [1, 2].includes(head.readUInt16LE(2)) && head.readUInt16LE(4) > 0
    && (ext === '.ico' || ext === '.cur')) {
    return unsupported(head[2] === 1 ? 'ICO' : 'CUR');
  }
  // TGA has no magic number; accept the name only when the header's type fields are plausible.
  if (ext === '.tga' && head.length >= 18 && head[1] <= 1 && [1, 2, 3, 9, 10, 11, 32, 33].includes(head[2])) {
    return unsupported('TGA');
  }
  return null;
}
