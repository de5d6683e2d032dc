// Numbers, sizes, durations and dates in the reader's language. Pure functions over Intl, so the
// same output appears in Electron, in a browser and in the unit tests.
import type { Locale } from './messages.js';

export function formatNumber(value: number, locale: Locale, maximumFractionDigits = 0): string {
  return value.toLocaleString(locale, { maximumFractionDigits });
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/** 1536 -> "1.5 KB". Binary multiples, as file managers on both platforms show them. */
export function formatBytes(bytes: number, locale: Locale): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  // Whole bytes have no fraction; larger units keep one digit below 100 so "1.5 MB" stays readable.
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toLocaleString(locale, { maximumFractionDigits: digits })} ${UNITS[unit]}`;
}

/** Time left, coarse on purpose: "3 min 5 s", "1 h 5 min"; "" while unknown. */
export function formatEta(seconds: number | null, locale: Locale): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '';
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const min = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (locale === 'zh-CN') {
    if (h > 0) return min > 0 ? `${h} 小时 ${min} 分` : `${h} 小时`;
    if (min > 0) return s > 0 ? `${min} 分 ${s} 秒` : `${min} 分`;
    return `${s} 秒`;
  }
  if (h > 0) return min > 0 ? `${h} h ${min} min` : `${h} h`;
  if (min > 0) return s > 0 ? `${min} min ${s} s` : `${min} min`;
  return `${s} s`;
}

/**
 * A capture date. Loupe stores camera wall-clock time without a zone ("2021-05-03T10:22:11"), which
 * JS reads as local time: shown as the camera showed it. A bare day ("2021-05-03") is shown as a day.
 */
export function formatDate(iso: string | null, locale: Locale, withTime = true): string {
  if (!iso) return '—';
  // Only ISO shapes: Date() also "parses" free text like "sometime in 1999", into a wrong day.
  if (!/^\d{4}-\d{2}-\d{2}/.test(iso)) return iso;
  const dayOnly = /^\d{4}-\d{2}-\d{2}$/.test(iso);
  // A capture time with the camera's own offset ("15:47:53-05:00") is shown as the clock read where it was taken, as
  // the timeline files it, not moved into the reader's time zone (a trip's evening photo would show tomorrow's date).
  const wall = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)[+-]\d{2}:?\d{2}$/.exec(iso)?.[1];
  const date = new Date(dayOnly ? `${iso}T00:00:00` : wall ? `${wall}Z` : iso);
  if (Number.isNaN(date.getTime())) return iso;
  const options: Intl.DateTimeFormatOptions = withTime && !dayOnly ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' };
  return new Intl.DateTimeFormat(locale, wall ? { ...options, timeZone: 'UTC' } : options).format(date);
}

/** 0.873 -> "87%" */
export function formatPercent(fraction: number, locale: Locale): string {
  return fraction.toLocaleString(locale, { style: 'percent', maximumFractionDigits: 0 });
}

/** "4032 × 3024" */
export function formatDimensions(width: number | null, height: number | null): string {
  return width && height ? `${width} × ${height}` : '—';
}

/** "31.230416, 121.473701" */
export function formatGps(gps: { lat: number; lon: number } | null): string {
  return gps ? `${gps.lat.toFixed(6)}, ${gps.lon.toFixed(6)}` : '—';
}
