import { copyFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { readMetadata, metadataFromTags } from '../../../../src/main/engine/media/metadata.js';
import { dateFromFileName, dateFromMtime, parseExifDate } from '../../../../src/main/engine/media/dates.js';
import { analyzePhoto } from '../../../../src/main/engine/media/analyze.js';
import { data, useTempDirs } from './helpers.js';

const NOW = Date.UTC(2025, 5, 1, 12, 0, 0);
/** decimal degrees from the degrees/minutes/seconds that exiftool prints for a file */
const dms = (d: number, m: number, s: number): number => d + m / 60 + s / 3600;

describe('readMetadata on real EXIF', () => {
  it('gives camera make, model, lens and the wall-clock capture date', async () => {
    const meta = await readMetadata(data('robustness/exif-samples/jpg/Canon_40D.jpg'), 'jpeg', 0);
    expect(meta).toMatchObject({
      cameraMake: 'Canon', cameraModel: 'Canon EOS 40D',
      takenAt: '2008-05-30T15:56:01', takenAtSource: 'exif', orientation: 1,
    });
  });

  it('finds make, model and date for most of the camera samples', async () => {
    const dir = data('robustness/exif-samples/jpg');
    const files = (await readdir(dir)).filter((f) => f.endsWith('.jpg'));
    let withCamera = 0;
    for (const f of files) {
      const meta = await readMetadata(path.join(dir, f), 'jpeg', 0);
      if (meta.cameraMake && meta.cameraModel && meta.takenAtSource === 'exif') withCamera++;
      if (meta.takenAt) expect(meta.takenAt).toMatch(/^(19|20)\d\d-\d\d-\d\dT\d\d:\d\d:\d\d([+-]\d\d:\d\d)?$/);
    }
    expect(withCamera).toBeGreaterThanOrEqual(files.length * 0.75);
  });

  it('keeps the zone when the camera recorded one, and reads lens and GPS from HEIC', async () => {
    const meta = await readMetadata(data('robustness/exif-samples/heic/IMG_5195.HEIC'), 'heic', 0);
    expect(meta.takenAt).toBe('2021-04-11T15:47:53-05:00');
    expect(meta.cameraModel).toBe('iPhone 11 Pro Max');
    expect(meta.lens).toMatch(/iPhone 11 Pro Max back/);
    expect(meta.gpsLat).toBeCloseTo(dms(39, 3, 4.84), 5);
    expect(meta.gpsLon).toBeCloseTo(-dms(94, 17, 19.58), 5); // west is negative
    expect(meta.gpsAlt).toBeCloseTo(260.56, 1);
  });

  it('gives signed decimal coordinates in range for every GPS sample', async () => {
    const dir = data('robustness/exif-samples/jpg/gps');
    const files = (await readdir(dir)).filter((f) => f.endsWith('.jpg'));
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const f of files) {
      const meta = await readMetadata(path.join(dir, f), 'jpeg', 0);
      expect(meta.gpsLat, f).not.toBeNull();
      expect(Math.abs(meta.gpsLat!)).toBeLessThanOrEqual(90);
      expect(Math.abs(meta.gpsLon!)).toBeLessThanOrEqual(180);
    }
    const first = await readMetadata(path.join(dir, 'DSCN0010.jpg'), 'jpeg', 0);
    expect(first.gpsLat).toBeCloseTo(dms(43, 28, 2.814), 5);
    expect(first.gpsLon).toBeCloseTo(dms(11, 53, 6.456), 5);
  });

  it('reads RAW metadata from TIFF containers, CR3 boxes and the RAF preview JPEG', async () => {
    const raw = (f: string) => readMetadata(data('robustness/exiftool-t-images', f), 'raw', 0);
    expect(await raw('Nikon.nef')).toMatchObject({ cameraMake: 'NIKON CORPORATION', cameraModel: 'NIKON D70', takenAt: '2004-06-09T16:02:35' });
    expect(await raw('CanonRaw.cr3')).toMatchObject({ cameraMake: 'Canon', cameraModel: 'Canon EOS M50', lens: 'EF-M15-45mm f/3.5-6.3 IS STM', takenAtSource: 'exif' });
    expect(await raw('FujiFilm.raf')).toMatchObject({ cameraMake: 'FUJIFILM', cameraModel: 'FinePix S5Pro', takenAt: '2007-05-22T13:58:30' });
  });

  it('never throws on invalid or corrupt EXIF, and still returns a date', async () => {
    const dirs = ['robustness/exif-samples/jpg/invalid', 'robustness/exif-samples/jpg/tests'];
    const files = (await Promise.all(dirs.map(async (d) => (await readdir(data(d))).map((f) => data(d, f)))))
      .flat().filter((f) => /\.jpe?g$/.test(f));
    files.push(...['hopper_bad_exif.jpg', 'invalid-exif.jpg', 'exif-ifd-offset.jpg', 'exif_typeerror.jpg', 'exif_gps_typeerror.jpg',
      'exif-dpi-zerodivision.jpg', 'truncated_exif_dpi.jpg'].map((f) => data('robustness/pillow-tests', f)));
    for (const f of files) {
      const meta = await readMetadata(f, 'jpeg', NOW);
      expect(meta.takenAt, f).not.toBeNull();
      expect(meta.orientation).toBeGreaterThanOrEqual(1);
    }
  });

  it('does not throw for a file that cannot be read, falling back to the name and mtime', async () => {
    const meta = await readMetadata('/nonexistent/dir/IMG_20190504_132210.jpg', 'jpeg', NOW);
    expect(meta).toMatchObject({ takenAt: '2019-05-04T13:22:10', takenAtSource: 'filename', cameraMake: null, gpsLat: null });
  });
});

describe('capture date fallbacks on real files', () => {
  const tmp = useTempDirs();

  it('uses a date in the file name when EXIF has none', async () => {
    const file = path.join(await tmp(), 'IMG_20190504_132210.jpg');
    await copyFile(data('robustness/exif-samples/jpg/orientation/landscape_1.jpg'), file); // EXIF without dates
    const photo = await analyzePhoto(file, { mtimeMs: NOW });
    expect(photo.metadata).toMatchObject({ takenAt: '2019-05-04T13:22:10', takenAtSource: 'filename' });
  });

  it('skips an unset EXIF date and falls back to the file name, then to mtime', async () => {
    const dir = await tmp();
    const exif = { IFD0: { Make: 'TestCam', Model: 'Z1' }, IFD2: { DateTimeOriginal: '0000:00:00 00:00:00', DateTimeDigitized: '1970:01:01 00:00:00' } };
    const named = path.join(dir, 'PXL_20210704_183012345.jpg');
    await sharp(data('hires/mate__Aqua.jpg')).resize(64).withExif(exif).jpeg().toFile(named);
    const meta = await readMetadata(named, 'jpeg', NOW);
    expect(meta).toMatchObject({ cameraMake: 'TestCam', takenAt: '2021-07-04T18:30:12', takenAtSource: 'filename' });

    const unnamed = path.join(dir, 'photo.jpg');
    await sharp(data('hires/mate__Aqua.jpg')).resize(64).withExif(exif).jpeg().toFile(unnamed);
    const mtime = new Date(2015, 2, 14, 9, 26, 53).getTime(); // local time, as the user sees it
    expect(await readMetadata(unnamed, 'jpeg', mtime)).toMatchObject({ takenAt: '2015-03-14T09:26:53', takenAtSource: 'mtime' });
  });
});

describe('parseExifDate', () => {
  it('reads the camera wall clock without shifting it', () => {
    expect(parseExifDate('2019:05:04 13:22:10', undefined, NOW)).toBe('2019-05-04T13:22:10');
    expect(parseExifDate('2019:05:04 13:22:10', '+02:00', NOW)).toBe('2019-05-04T13:22:10+02:00');
    expect(parseExifDate('2019-05-04T13:22:10', 'garbage', NOW)).toBe('2019-05-04T13:22:10');
  });

  it('rejects unset, epoch-reset, impossible and future dates', () => {
    for (const bad of ['0000:00:00 00:00:00', '    :  :     :  :  ', '', '1970:01:01 00:00:00', '1970:01:01 01:00:00',
      '1969:12:31 23:00:00', '2019:02:30 10:00:00', '2019:13:01 10:00:00', '2019:05:04 25:00:00', '2031:01:01 00:00:00']) {
      expect(parseExifDate(bad, undefined, NOW), bad).toBeNull();
    }
    expect(parseExifDate(20190504, undefined, NOW)).toBeNull();
  });
});

describe('dateFromFileName', () => {
  it.each([
    ['IMG_20190504_132210.jpg', '2019-05-04T13:22:10'],
    ['VID_20190504_132210.mp4', '2019-05-04T13:22:10'],
    ['PXL_20210101_235959123.jpg', '2021-01-01T23:59:59'],
    ['20190504_132210.jpg', '2019-05-04T13:22:10'],
    ['2019-05-04 13.22.10.jpg', '2019-05-04T13:22:10'],
    ['IMG-20190504-WA0001.jpg', '2019-05-04T00:00:00'],
    ['Screenshot_2020-01-02-13-14-15.png', '2020-01-02T13:14:15'],
    ['Screenshot_20200102-131415.png', '2020-01-02T13:14:15'],
    ['Screenshot 2020-01-02 at 13.14.15.png', '2020-01-02T13:14:15'],
    ['photo_2021-03-04_10-11-12.jpg', '2021-03-04T10:11:12'],
    ['/home/ann/2018/IMG_20181224_090000.heic', '2018-12-24T09:00:00'],
    // WeChat and QQ save pictures with date and time as one run of digits (trial 27: dated by their copy's mtime)
    ['微信图片_20190504132210.jpg', '2019-05-04T13:22:10'],
    ['QQ图片20200102131415.png', '2020-01-02T13:14:15'],
    ['Screenshot_20200102131415123.png', '2020-01-02T13:14:15'],
    ['微信图片_20190227000082.jpg', '2019-02-27T00:00:00'],
  ])('%s → %s', (name, expected) => {
    expect(dateFromFileName(name, NOW)).toBe(expected);
  });

  it('reads the moment in the names WeChat exports and shoots under (ms since 1970) as the local clock, as an mtime', () => {
    const ms = Date.UTC(2019, 4, 4, 12, 0, 0);
    for (const name of [`mmexport${ms}.jpg`, `wx_camera_${ms}.jpg`]) {
      expect(dateFromFileName(name, NOW)).toBe(dateFromMtime(ms, NOW));
      expect(dateFromFileName(name, NOW)).toMatch(/^2019-05-0[345]T/);
    }
    expect(dateFromFileName(`mmexport${Date.UTC(2030, 0, 1)}.jpg`, NOW)).toBeNull(); // after NOW
  });

  it.each(['IMG_0001.jpg', 'DSC_4432.NEF', 'a1b2c320190504ff.jpg', '120190504_132210.jpg', '2019-0504.jpg',
    'IMG_20191304_132210.jpg', 'IMG_20350101_000000.jpg', 'scan_19700101.jpg', '/2019-05-04/IMG_1.jpg',
    '微信图片_20191399132210.jpg', 'order_201905041322101.jpg', 'mmexport123.jpg'])('%s has no date', (name) => {
    expect(dateFromFileName(name, NOW)).toBeNull();
  });
});

describe('metadataFromTags field by field', () => {
  it('falls back from a bad DateTimeOriginal to CreateDate', () => {
    const meta = metadataFromTags({ DateTimeOriginal: '0000:00:00 00:00:00', CreateDate: '2012:06:07 08:09:10' }, 'x.jpg', NOW, NOW);
    expect(meta).toMatchObject({ takenAt: '2012-06-07T08:09:10', takenAtSource: 'exif' });
  });

  it('rejects GPS at 0,0 and out of range, keeping the other fields', () => {
    const base = { Make: 'Cam', GPSLatitudeRef: 'N', GPSLongitudeRef: 'E' };
    expect(metadataFromTags({ ...base, GPSLatitude: [0, 0, 0], GPSLongitude: [0, 0, 0] }, 'x.jpg', NOW, NOW))
      .toMatchObject({ gpsLat: null, gpsLon: null, gpsAlt: null, cameraMake: 'Cam' });
    expect(metadataFromTags({ ...base, GPSLatitude: [95, 0, 0], GPSLongitude: [10, 0, 0] }, 'x.jpg', NOW, NOW).gpsLat).toBeNull();
    expect(metadataFromTags({ ...base, GPSLatitude: [45, 75, 0], GPSLongitude: [10, 0, 0] }, 'x.jpg', NOW, NOW).gpsLat).toBeNull();
    expect(metadataFromTags({ ...base, GPSLatitude: 'x', GPSLongitude: [10, 0, 0] }, 'x.jpg', NOW, NOW).gpsLat).toBeNull();
    const south = metadataFromTags({ GPSLatitudeRef: 'S', GPSLatitude: [33, 52, 4], GPSLongitudeRef: 'E', GPSLongitude: [151, 12, 36],
      GPSAltitude: 12, GPSAltitudeRef: new Uint8Array([1]) }, 'x.jpg', NOW, NOW);
    expect(south.gpsLat).toBeCloseTo(-dms(33, 52, 4), 6);
    expect(south.gpsLon).toBeCloseTo(dms(151, 12, 36), 6);
    expect(south.gpsAlt).toBe(-12); // below sea level
  });

  it('keeps orientation within 1..8 and cleans padded strings', () => {
    for (const o of [0, 9, -1, 2.5, '6', null]) expect(metadataFromTags({ Orientation: o }, 'x.jpg', NOW, NOW).orientation).toBe(1);
    expect(metadataFromTags({ Orientation: 8 }, 'x.jpg', NOW, NOW).orientation).toBe(8);
    expect(metadataFromTags({ Make: 'OLYMPUS  \0\0\0', Model: '   ', LensModel: 42 }, 'x.jpg', NOW, NOW))
      .toMatchObject({ cameraMake: 'OLYMPUS', cameraModel: null, lens: null });
  });

  it('has no date at all only when neither EXIF, name nor mtime give one', () => {
    expect(metadataFromTags({}, 'x.jpg', 0, NOW)).toMatchObject({ takenAt: null, takenAtSource: null });
    expect(dateFromMtime(Number.NaN, NOW)).toBeNull();
  });
});
