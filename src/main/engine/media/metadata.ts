// Turns whatever EXIF a file has into PhotoMetadata, field by field: one bad field (a "0000:00:00" date,
// a GPS of 0,0, an orientation of 0) loses that field only, never the others, and nothing throws.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ImageFormat, PhotoMetadata } from './types.js';
import { readExifTags, type ExifTags } from './exif-read.js';
import { dateFromFileName, dateFromMtime, parseExifDate } from './dates.js';
import { sniffFormat } from './sniff.js';

/** Reads a file's metadata on its own (analyzePhoto reads it from the bytes it already holds). */
export async function readMetadata(filePath: string, format: ImageFormat, mtimeMs: number): Promise<PhotoMetadata> {
  let data: Buffer;
  try {
    data = await readFile(filePath);
  } catch {
    data = Buffer.alloc(0); // unreadable: the name and mtime still give a date
  }
  const label = sniffFormat(data.subarray(0, 64), filePath)?.label ?? '';
  return metadataFromBytes(data, path.basename(filePath), format, mtimeMs, label);
}

export async function metadataFromBytes(
  data: Buffer, fileName: string, format: ImageFormat, mtimeMs: number, label = '',
): Promise<PhotoMetadata> {
  const tags = data.length > 0 ? await readExifTags(data, format, label) : {};
  return metadataFromTags(tags, fileName, mtimeMs);
}

export function metadataFromTags(tags: ExifTags, fileName: string, mtimeMs: number, nowMs = Date.now()): PhotoMetadata {
  const reading = gpsFromTags(tags);
  const gps = reading && !('problem' in reading) ? reading : null;
  return {
    ...takenAt(tags, fileName, mtimeMs, nowMs),
    cameraMake: cleanText(tags.Make),
    cameraModel: cleanText(tags.Model),
    lens: cleanText(tags.LensModel),
    gpsLat: gps?.lat ?? null,
    gpsLon: gps?.lon ?? null,
    gpsAlt: gps?.alt ?? null,
    gpsProblem: reading && 'problem' in reading ? reading.problem : null,
    orientation: orientationFrom(tags.Orientation),
  };
}

function takenAt(tags: ExifTags, fileName: string, mtimeMs: number, nowMs: number): Pick<PhotoMetadata, 'takenAt' | 'takenAtSource'> {
  const exif = parseExifDate(tags.DateTimeOriginal, tags.OffsetTimeOriginal, nowMs)
    ?? parseExifDate(tags.CreateDate, tags.OffsetTimeDigitized, nowMs);
  if (exif) return { takenAt: exif, takenAtSource: 'exif' };
  const named = dateFromFileName(fileName, nowMs);
  if (named) return { takenAt: named, takenAtSource: 'filename' };
  // ModifyDate (IFD0 DateTime) is when the file was last written by a camera or editor: for phones that
  // omit DateTimeOriginal it is the capture time, and even after an edit it beats the copy-reset mtime.
  const modified = parseExifDate(tags.ModifyDate, tags.OffsetTime, nowMs);
  if (modified) return { takenAt: modified, takenAtSource: 'exif' };
  const mtime = dateFromMtime(mtimeMs, nowMs);
  return mtime ? { takenAt: mtime, takenAtSource: 'mtime' } : { takenAt: null, takenAtSource: null };
}

/** Trims padding and NULs; EXIF strings are fixed-length fields in some cameras. */
function cleanText(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  // eslint-disable-next-line no-control-regex
  const text = value.replace(/[\u0000-\u001f]+/g, ' ').replace(/\s+/g, ' ').trim();
  return text.length > 0 && text.length <= 200 ? text : null;
}

function orientationFrom(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 8 ? value : 1;
}

/** EXIF stores degrees as [deg, min, sec] rationals; some writers put everything in one number. */
function degrees(value: unknown): number | null {
  const parts = typeof value === 'number' ? [value] : Array.isArray(value) ? value : null;
  if (!parts || parts.length === 0 || parts.length > 3 || !parts.every((p) => typeof p === 'number' && Number.isFinite(p) && p >= 0)) {
    return null;
  }
  const [d, m = 0, s = 0] = parts as number[];
  if (m >= 60 || s >= 60) return null;
  return d + m / 60 + s / 3600;
}

const firstByte = (v: unknown): number | null =>
  typeof v === 'number' ? v : v instanceof Uint8Array && v.length > 0 ? v[0] : null;

function refLetter(v: unknown): string {
  return typeof v === 'string' ? v.trim().toUpperCase().slice(0, 1) : '';
}

/** Why a GPS position cannot be a real one (not a number, out of range, the 0,0 of a camera without a fix), or
 *  null. The places stage says this reason to the user; hand-entered positions are checked with it too. */
export function gpsPositionProblem(lat: unknown, lon: unknown): string | null {
  if (typeof lat !== 'number' || typeof lon !== 'number' || !Number.isFinite(lat) || !Number.isFinite(lon)) {
    return 'the GPS position is not a number';
  }
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return `the GPS position ${lat}, ${lon} is out of range`;
  // 0,0 is what phones write when they had no fix; nobody photographs that spot in the Gulf of Guinea.
  if (Math.abs(lat) < 1e-6 && Math.abs(lon) < 1e-6) return 'the GPS position is 0, 0 (the camera had no fix)';
  return null;
}

/** The GPS position in the tags, a problem when the tags are there but unusable, or null when there are none. */
export function gpsFromTags(tags: ExifTags): { lat: number; lon: number; alt: number | null } | { problem: string } | null {
  if (tags.GPSLatitude === undefined && tags.GPSLongitude === undefined) return null;
  const latAbs = degrees(tags.GPSLatitude);
  const lonAbs = degrees(tags.GPSLongitude);
  if (latAbs === null || lonAbs === null) return { problem: 'the GPS position is not a number' };
  const lat = refLetter(tags.GPSLatitudeRef) === 'S' ? -latAbs : latAbs;
  const lon = refLetter(tags.GPSLongitudeRef) === 'W' ? -lonAbs : lonAbs;
  const problem = gpsPositionProblem(lat, lon);
  if (problem) return { problem };
  let alt: number | null = null;
  if (typeof tags.GPSAltitude === 'number' && Number.isFinite(tags.GPSAltitude)) {
    alt = firstByte(tags.GPSAltitudeRef) === 1 ? -tags.GPSAltitude : tags.GPSAltitude;
    if (Math.abs(alt) > 100_000) alt = null; // beyond balloons and planes: a broken rational
  }
  return { lat: round(lat, 7), lon: round(lon, 7), alt: alt === null ? null : round(alt, 2) };
}

const round = (v: number, digits: number): number => Math.round(v * 10 ** digits) / 10 ** digits;
