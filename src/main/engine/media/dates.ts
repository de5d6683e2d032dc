// Capture dates as the camera's wall clock: "2019-05-04T13:22:10", with a zone suffix only when the
// camera recorded one. Never converted to UTC, because a photo taken at 13:22 on holiday should sort and
// display as 13:22, whatever the time zone of the machine that indexes it.

import { EARLIEST_PHOTO_YEAR, formatWallClock, isPlausibleDate } from '../../../shared/date-input.js';

/** Dates a dead camera clock produces; any capture date this close to the Unix epoch is a reset clock. */
const EPOCH_RESET_FROM = Date.UTC(1969, 11, 31);
const EPOCH_RESET_TO = Date.UTC(1970, 0, 2, 23, 59, 59);
/** Earliest year trusted from EXIF (scans of old prints can legitimately carry early dates); the same bound as a
 *  date set by hand. */
const MIN_EXIF_YEAR = EARLIEST_PHOTO_YEAR;
/** File names carry digit runs of all kinds; only years of the digital era are taken for dates. */
const MIN_FILENAME_YEAR = 1990;

interface Parts { y: number; mo: number; d: number; h: number; mi: number; s: number }

/** Validates calendar parts and turns them into the ISO local form; null when invalid, reset or future. A leap
 *  second (60) is read as 59; the calendar and the future are checked as for a date the user types (date-input.ts). */
function toIsoLocal(p: Parts, minYear: number, nowMs: number, zone = ''): string | null {
  const { y, h, mi, s } = p;
  if (!Object.values(p).every(Number.isInteger) || y < minYear || h < 0 || mi < 0 || s < 0 || s > 60) return null;
  const clock = { ...p, s: Math.min(s, 59), zone };
  if (!isPlausibleDate(clock, nowMs)) return null;
  // The wall clock read as if it were UTC: exact enough for the epoch check.
  const asUtc = Date.UTC(y, p.mo - 1, p.d, h, mi, clock.s);
  if (asUtc >= EPOCH_RESET_FROM && asUtc <= EPOCH_RESET_TO) return null;
  return formatWallClock(clock);
}

/** An EXIF zone offset ("+02:00", "-05:00"), or '' when absent or malformed. */
function zoneSuffix(offset: unknown): string {
  if (typeof offset !== 'string') return '';
  const m = /^\s*([+-])(\d{2}):(\d{2})\s*$/.exec(offset);
  if (!m || Number(m[2]) > 14 || Number(m[3]) > 59) return '';
  return `${m[1]}${m[2]}:${m[3]}`;
}

/**
 * Parses an EXIF date string ("2019:05:04 13:22:10", also with '-' separators or a 'T') as written by
 * the camera. Returns null for "0000:00:00 00:00:00", blanks, 1970 clock resets and future dates.
 */
export function parseExifDate(value: unknown, offset?: unknown, nowMs = Date.now()): string | null {
  if (typeof value !== 'string') return null;
  const m = /^\s*(\d{4})[:\-/](\d{1,2})[:\-/](\d{1,2})(?:[ T]+(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?/.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number);
  return toIsoLocal({ y, mo, d, h, mi, s }, MIN_EXIF_YEAR, nowMs, zoneSuffix(offset));
}

// A date inside a file name, as phones and apps write them:
//   IMG_20190504_132210.jpg, PXL_20210101_123456789.jpg, 20190504_132210.jpg (Samsung),
//   2019-05-04 13.22.10.jpg (Dropbox), IMG-20190504-WA0001.jpg (WhatsApp, date only),
//   Screenshot_2020-01-02-13-14-15.png, Screenshot 2020-01-02 at 13.14.15.png (macOS),
//   photo_2021-03-04_10-11-12.jpg (Telegram).
// The date's separator must be used consistently ("2019-0504" is not a date), digits may not run
// into the match from the left, and a time may be followed by up to 3 digits of milliseconds.
const FILENAME_DATE = new RegExp(
  '(?<!\\d)((?:19|20)\\d{2})([-_.]?)(\\d{2})\\2(\\d{2})' +
  '(?:(?:[-_T ]|\\s?at\\s?)(\\d{2})[-_.:]?(\\d{2})[-_.:]?(\\d{2})(?:\\d{1,3})?)?(?!\\d)',
);

// Date and time as one run of 14 digits, as WeChat and QQ name the pictures they save (微信图片_20190504132210.jpg,
// QQ图片20190504132210.jpg), optionally followed by milliseconds. FILENAME_DATE wants a separator before the time.
const COMPACT_DATE_TIME = /(?<!\d)((?:19|20)\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\d{3})?(?!\d)/;
// The moment of saving in milliseconds since 1970, as WeChat names what it exports or shoots (mmexport1556976130123.jpg,
// wx_camera_1556976130123.jpg): read as the local clock of the machine, as a file's mtime is.
const EPOCH_MS_NAME = /^(?:mmexport|wx_camera_)(\d{13})(?!\d)/i;

/** The capture date hidden in a file name (no directories), or null. */
export function dateFromFileName(fileName: string, nowMs = Date.now()): string | null {
  const base = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
  const epoch = EPOCH_MS_NAME.exec(base);
  if (epoch) return localClock(Number(epoch[1]), MIN_FILENAME_YEAR, nowMs);
  const compact = COMPACT_DATE_TIME.exec(base);
  if (compact) {
    const [y, mo, d, h, mi, s] = compact.slice(1, 7).map(Number);
    // as below: a date with an impossible time still has a good date part
    const iso = toIsoLocal({ y, mo, d, h, mi, s }, MIN_FILENAME_YEAR, nowMs) ?? toIsoLocal({ y, mo, d, h: 0, mi: 0, s: 0 }, MIN_FILENAME_YEAR, nowMs);
    if (iso) return iso;
  }
  const m = FILENAME_DATE.exec(base);
  if (!m) return null;
  const [y, mo, d] = [m[1], m[3], m[4]].map(Number);
  const [h, mi, s] = m[5] === undefined ? [0, 0, 0] : [m[5], m[6], m[7]].map(Number);
  // A date with an impossible time (e.g. "20190504_999999") still has a good date part.
  return toIsoLocal({ y, mo, d, h, mi, s }, MIN_FILENAME_YEAR, nowMs)
    ?? toIsoLocal({ y, mo, d, h: 0, mi: 0, s: 0 }, MIN_FILENAME_YEAR, nowMs);
}

/** A file's modification time as local wall-clock time (the machine's zone, which is the user's). */
export function dateFromMtime(mtimeMs: number, nowMs = Date.now()): string | null {
  return localClock(mtimeMs, MIN_EXIF_YEAR, nowMs);
}

/** A moment (ms since 1970) as the local wall clock read it (the machine's zone, which is the user's). */
function localClock(ms: number, minYear: number, nowMs: number): string | null {
  if (!Number.isFinite(ms) || ms <= 0) return null;
  const t = new Date(ms);
  return toIsoLocal({
    y: t.getFullYear(), mo: t.getMonth() + 1, d: t.getDate(),
    h: t.getHours(), mi: t.getMinutes(), s: t.getSeconds(),
  }, minYear, nowMs);
}
