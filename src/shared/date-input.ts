// Dates and offsets as people type them ("2019-05-12 14:30", "2019年5月12日", "+1h", "-2d", "+0:30"), read the same
// way by the CLI, the engine and the UI (which checks them as they are typed). Capture dates are the camera's wall
// clock (media/dates.ts): a shift moves the clock's reading and keeps any zone the camera wrote.

/** The earliest year a capture date may have (scans of old prints can carry early dates; photography began 1826). */
export const EARLIEST_PHOTO_YEAR = 1826;
/** Wall-clock time may run up to 14 h ahead of UTC, so "future" starts a day from now. */
export const FUTURE_SLACK_MS = 24 * 3600 * 1000;

export type DateInputProblem = 'bad-date' | 'bad-shift' | 'date-out-of-range';

export interface WallClock { y: number; mo: number; d: number; h: number; mi: number; s: number; zone: string }

/** An offset: whole calendar years (a camera set to the wrong year), then seconds. */
export interface DateShift { years: number; seconds: number }

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** The ISO form the catalog keeps: "2019-05-12T14:30:00", with the zone suffix when there is one. */
export function formatWallClock(c: WallClock): string {
  return `${pad(c.y, 4)}-${pad(c.mo)}-${pad(c.d)}T${pad(c.h)}:${pad(c.mi)}:${pad(c.s)}${c.zone}`;
}

/** A catalog date ("2019-05-04T13:22:10", "2019-05-04T13:22:10+02:00") as its parts; null when it is not one. */
export function parseIsoWallClock(iso: string): WallClock | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})([+-]\d{2}:\d{2}|Z)?$/.exec(iso);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number);
  return { y, mo, d, h, mi, s, zone: m[7] ?? '' };
}

const asUtcMs = (c: WallClock): number => Date.UTC(c.y, c.mo - 1, c.d, c.h, c.mi, c.s);

/** How many days month `mo` (1-12) of year `y` has. */
export const daysInMonth = (y: number, mo: number): number => new Date(Date.UTC(y, mo, 0)).getUTCDate();

/** Whether a wall-clock date can be a photo's: a real calendar day, from 1826 to no later than tomorrow. */
export function isPlausibleDate(c: WallClock, nowMs = Date.now()): boolean {
  if (c.y < EARLIEST_PHOTO_YEAR || c.mo < 1 || c.mo > 12 || c.d < 1 || c.h > 23 || c.mi > 59 || c.s > 59) return false;
  if (c.d > daysInMonth(c.y, c.mo)) return false;
  // The wall clock read as if it were UTC: exact enough for a day's slack.
  return asUtcMs(c) <= nowMs + FUTURE_SLACK_MS;
}

// What comes after a year and after a month, in either language: "2019-05", "2019/5", "2019.05", "2019年5月".
const AFTER_YEAR = String.raw`\s*[-/.年]\s*`;
const AFTER_MONTH = String.raw`\s*[-/.月]\s*`;
const DAY = String.raw`(\d{4})${AFTER_YEAR}(\d{1,2})${AFTER_MONTH}(\d{1,2})\s*日?`;

// "2019-05-12", "2019/5/12 14:30", "2019.05.12T14:30:15", "2019年5月12日 14:30"
const DATE_TEXT = new RegExp(
  String.raw`^${DAY}(?:(?:\s+|T|(?<=日))\s*(\d{1,2})\s*[:：]\s*(\d{2})(?:\s*[:：]\s*(\d{2}))?)?$`,
);
// A day, a month ("2019-05", "2019年5月") or a year ("2019", "2019年"): what a date filter takes.
const PERIOD_TEXT = new RegExp(String.raw`^(\d{4})(?:${AFTER_YEAR}(\d{1,2})(?:${AFTER_MONTH}(\d{1,2})\s*日?|\s*月)?|\s*年)?$`);

/** A date the user typed, as the catalog keeps it; a problem when it is not a date or not a plausible one. */
export function parseDateInput(text: string, nowMs = Date.now()): { iso: string } | { problem: DateInputProblem } {
  const m = DATE_TEXT.exec(text.trim());
  if (!m) return { problem: 'bad-date' };
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number);
  const c: WallClock = { y, mo, d, h, mi, s, zone: '' };
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return { problem: 'bad-date' };
  if (d > daysInMonth(y, mo)) return { problem: 'bad-date' };
  return isPlausibleDate(c, nowMs) ? { iso: formatWallClock(c) } : { problem: 'date-out-of-range' };
}

/** Which end of a date range a typed period stands for: its first day or its last. */
export type PeriodEnd = 'from' | 'to';

/**
 * The day ("YYYY-MM-DD") a date filter's typed text means: a day as it is, a month or a year as its first day for
 * `from` and its last for `to`; '' for empty text, null for text that is no day. Any year: a filter is a range, not a
 * photo's date, so the plausibility of `parseDateInput` does not apply.
 */
export function parsePeriodDay(text: string, end: PeriodEnd): string | null {
  const t = text.trim();
  if (!t) return '';
  const m = PERIOD_TEXT.exec(t);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = m[2] === undefined ? (end === 'from' ? 1 : 12) : Number(m[2]);
  if (y < 1 || mo < 1 || mo > 12) return null;
  const last = daysInMonth(y, mo);
  const d = m[3] === undefined ? (end === 'from' ? 1 : last) : Number(m[3]);
  if (d < 1 || d > last) return null;
  return `${pad(y, 4)}-${pad(mo)}-${pad(d)}`;
}

const UNIT_SECONDS: Record<string, number> = {
  w: 7 * 86400, '周': 7 * 86400,
  d: 86400, '天': 86400, '日': 86400,
  h: 3600, '小时': 3600, '时': 3600,
  m: 60, min: 60, '分钟': 60, '分': 60,
  s: 1, '秒': 1,
};
const UNIT = 'y|年|w|周|d|天|日|h|小时|时|min|m|分钟|分|s|秒';
const PART = new RegExp(`(\\d+)\\s*(${UNIT})`, 'gy');
const CLOCK = /^(\d{1,4}):(\d{2})(?::(\d{2}))?$/;

/** An offset the user typed: a sign, then "1h", "2d", "1d 3h 30m", "1y", or hours:minutes[:seconds] ("0:30"). */
export function parseShiftInput(text: string): DateShift | null {
  const t = text.trim();
  const sign = t[0] === '+' ? 1 : t[0] === '-' || t[0] === '−' ? -1 : 0;
  if (sign === 0) return null; // "1h" alone could mean either way
  const body = t.slice(1).trim();
  const clock = CLOCK.exec(body);
  let years = 0;
  let seconds = 0;
  if (clock) {
    if (Number(clock[2]) > 59 || Number(clock[3] ?? 0) > 59) return null;
    seconds = Number(clock[1]) * 3600 + Number(clock[2]) * 60 + Number(clock[3] ?? 0);
  } else {
    PART.lastIndex = 0;
    let at = 0;
    for (;;) {
      while (body[at] === ' ') at++;
      if (at >= body.length) break;
      PART.lastIndex = at;
      const m = PART.exec(body);
      if (!m) return null;
      if (m[2] === 'y' || m[2] === '年') years += Number(m[1]);
      else seconds += Number(m[1]) * UNIT_SECONDS[m[2]];
      at = PART.lastIndex;
    }
  }
  if (years === 0 && seconds === 0) return null;
  if (years > 500 || seconds > 500 * 366 * 86400) return null;
  return { years: sign * years || 0, seconds: sign * seconds || 0 }; // never -0
}

/** A catalog date moved by an offset (years first, a 29 February landing on the 28th in a common year), its zone
 *  kept; null when the result leaves the plausible range. */
export function shiftIso(iso: string, shift: DateShift, nowMs = Date.now()): string | null {
  const c = parseIsoWallClock(iso);
  if (!c) return null;
  const y = c.y + shift.years;
  const d = Math.min(c.d, daysInMonth(y, c.mo));
  const t = new Date(Date.UTC(y, c.mo - 1, d, c.h, c.mi, c.s) + shift.seconds * 1000);
  // Date.UTC maps years 0-99 to 1900-1999; such a year is out of range anyway, as isPlausibleDate then says.
  if (y < 100) return null;
  const out: WallClock = {
    y: t.getUTCFullYear(), mo: t.getUTCMonth() + 1, d: t.getUTCDate(),
    h: t.getUTCHours(), mi: t.getUTCMinutes(), s: t.getUTCSeconds(), zone: c.zone,
  };
  return isPlausibleDate(out, nowMs) ? formatWallClock(out) : null;
}
