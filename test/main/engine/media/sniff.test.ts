import { copyFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PHOTO_EXTENSIONS, SNIFF_BYTES, isPhotoFileName, sniffFormat } from '../../../../src/main/engine/media/sniff.js';
import { analyzePhoto } from '../../../../src/main/engine/media/analyze.js';
import { data, useTempDirs } from './helpers.js';

/** Sniffs from the head only, as the contract promises. */
async function sniffFile(file: string, asName = file) {
  const head = (await readFile(file)).subarray(0, SNIFF_BYTES);
  return sniffFormat(head, asName);
}

describe('sniffFormat on real samples', () => {
  const cases: [string, string, string][] = [
    ['caltech101-dev/airplanes/image_0055.jpg', 'jpeg', 'JPEG'],
    ['hires/lxqt__drop.png', 'png', 'PNG'],
    ['robustness/pillow-tests/hopper.gif', 'gif', 'GIF'],
    ['robustness/pillow-tests/hopper.webp', 'webp', 'WebP'],
    ['robustness/pillow-tests/hopper.tif', 'tiff', 'TIFF'],
    ['robustness/exif-samples/tiff/Arbitro.tiff', 'tiff', 'TIFF'],
    ['robustness/exif-samples/heic/IMG_5195.HEIC', 'heic', 'HEIC'],
    ['robustness/exif-samples/heic/samplefilehub.heif', 'heic', 'HEIC'],
    ['robustness/pillow-tests/avif/hopper.avif', 'avif', 'AVIF'],
    ['robustness/exiftool-t-images/CanonRaw.cr2', 'raw', 'Canon CR2'],
    ['robustness/exiftool-t-images/CanonRaw.cr3', 'raw', 'Canon CR3'],
    ['robustness/exiftool-t-images/CanonRaw.crw', 'raw', 'Canon CRW'],
    ['robustness/exiftool-t-images/FujiFilm.raf', 'raw', 'Fujifilm RAF'],
    ['robustness/exiftool-t-images/Panasonic.rw2', 'raw', 'Panasonic RW2'],
    ['robustness/exiftool-t-images/Nikon.nef', 'raw', 'Nikon NEF'],
    ['robustness/exiftool-t-images/DNG.dng', 'raw', 'DNG'],
    ['robustness/exiftool-t-images/Minolta.mrw', 'raw', 'Minolta MRW'],
    ['robustness/exiftool-t-images/Sigma.x3f', 'raw', 'Sigma X3F'],
    ['robustness/exiftool-t-images/PhaseOne.iiq', 'raw', 'Phase One IIQ'],
    ['robustness/exiftool-t-images/BMP.bmp', 'unsupported', 'BMP'],
    ['robustness/exiftool-t-images/JXL.jxl', 'unsupported', 'JPEG XL'],
    ['robustness/exiftool-t-images/JXL2.jxl', 'unsupported', 'JPEG XL'],
    ['robustness/exiftool-t-images/Jpeg2000.jp2', 'unsupported', 'JPEG 2000'],
    ['robustness/pillow-tests/16bit.cropped.j2k', 'unsupported', 'JPEG 2000'],
    ['robustness/exiftool-t-images/Photoshop.psd', 'unsupported', 'Photoshop PSD'],
    ['robustness/exiftool-t-images/OpenEXR.exr', 'unsupported', 'OpenEXR'],
    ['robustness/exiftool-t-images/Radiance.hdr', 'unsupported', 'Radiance HDR'],
    ['robustness/pillow-tests/hopper_16bit.pgm', 'unsupported', 'Netpbm'],
    ['robustness/pillow-tests/cross_scan_line_truncated.tga', 'unsupported', 'TGA'],
  ];
  it.each(cases)('%s is %s (%s)', async (rel, format, label) => {
    expect(await sniffFile(data(rel))).toEqual({ format, label });
  });
});

describe('sniffFormat trusts bytes over names', () => {
  const tmp = useTempDirs();

  it('returns null for a text file named .jpg', async () => {
    const file = path.join(await tmp(), 'holiday.jpg');
    await writeFile(file, 'This is not a photo, just some notes someone saved with the wrong name.\n');
    expect(await sniffFile(file)).toBeNull();
  });

  it('returns null for bytes that match nothing, and for too few bytes', () => {
    expect(sniffFormat(Buffer.from([0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07]), 'x.jpg')).toBeNull();
    expect(sniffFormat(Buffer.from([0xff, 0xd8]), 'x.jpg')).toBeNull();
    // "BM" alone (a text file starting with BMW...) is not a bitmap
    expect(sniffFormat(Buffer.from('BMW service history, 2019 to 2023'), 'car.bmp')).toBeNull();
  });

  it('sees a PNG renamed .jpg as PNG, and analyzePhoto decodes it as one', async () => {
    const file = path.join(await tmp(), 'renamed.jpg');
    await copyFile(data('hires/lxqt__drop.png'), file);
    expect(await sniffFile(file)).toEqual({ format: 'png', label: 'PNG' });
    const photo = await analyzePhoto(file, { mtimeMs: Date.now() });
    expect(photo.format).toBe('png');
    expect([photo.width, photo.height]).toEqual([2000, 1333]);
  });

  it('uses the extension only where TIFF bytes cannot tell a RAW from a TIFF', async () => {
    const nef = data('robustness/exiftool-t-images/Nikon.nef');
    expect(await sniffFile(nef, 'copy.tif')).toEqual({ format: 'tiff', label: 'TIFF' });
    expect(await sniffFile(data('robustness/pillow-tests/hopper.tif'), 'x.arw')).toEqual({ format: 'raw', label: 'Sony ARW' });
    // A JPEG named .nef is a JPEG
    expect(await sniffFile(data('caltech101-dev/airplanes/image_0055.jpg'), 'x.nef')).toEqual({ format: 'jpeg', label: 'JPEG' });
  });
});

describe('PHOTO_EXTENSIONS', () => {
  it('covers decodable, RAW and recognised-but-undecodable images, and nothing else', () => {
    for (const ext of ['.jpg', '.jpeg', '.png', '.webp', '.gif', '.tif', '.tiff', '.heic', '.heif', '.avif',
      '.cr2', '.cr3', '.nef', '.arw', '.dng', '.raf', '.orf', '.rw2', '.bmp', '.jxl', '.psd', '.jp2']) {
      expect(PHOTO_EXTENSIONS.has(ext), ext).toBe(true);
    }
    for (const ext of ['.txt', '.xmp', '.mp4', '.mov', '.json', '.aae', '.jpg~', 'jpg']) {
      expect(PHOTO_EXTENSIONS.has(ext), ext).toBe(false);
    }
    expect(isPhotoFileName('/a/b/IMG_0001.JPG')).toBe(true);
    expect(isPhotoFileName('C:\\Photos\\scan.Tiff')).toBe(true);
    expect(isPhotoFileName('/a/b/.jpg')).toBe(false);
    expect(isPhotoFileName('/a/b.jpg/notes')).toBe(false);
  });
});
