/**
 * The `.trashinfo` file of the freedesktop.org Trash specification (1.0): what it says, how it is
 * written and read. Kept free of file-system access so the exact text can be checked on its own.
 */

/**
 * Escapes a path for the `Path=` key "as in URLs (RFC 2396)". Each segment goes through
 * encodeURIComponent, which leaves exactly RFC 2396's unreserved characters alone, so spaces become
 * %20, UTF-8 names become %XX bytes, and '#', '?', '%', '&', '=' and newlines are escaped too
 * (encodeURI, as used by the `trash` package, would leave '#', '?', '&' and '=' raw).
 * Throws a TypeError naming the path when it holds a lone surrogate (not representable as UTF-8).
 */
export function encodeTrashInfoPath(p: string): string {
  try {
    return p.split('/').map(encodeURIComponent).join('/');
  } catch (error) {
    if (error instanceof URIError) throw new TypeError(`${JSON.stringify(p)} has a name that is not valid Unicode; it cannot be recorded in the trash`, { cause: error });
    throw error;
  }
}

/** Inverse of encodeTrashInfoPath; also accepts what other trash implementations write (any %XX escapes). */
export function decodeTrashInfoPath(value: string): string {
  return decodeURIComponent(value);
}

/** `YYYY-MM-DDThh:mm:ss` in local time, as the specification asks (no zone, no fraction). */
export function formatDeletionDate(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
  );
}

/**
 * The whole file. `recordedPath` is absolute for the home trash; for a `$topdir` trash it may be
 * relative to `$topdir` (so the entry still restores when a removable disk mounts elsewhere).
 */
export function formatTrashInfo(recordedPath: string, deletedAt: Date): string {
  return `[Trash Info]\nPath=${encodeTrashInfoPath(recordedPath)}\nDeletionDate=${formatDeletionDate(deletedAt)}\n`;
}

export interface ParsedTrashInfo {
  /** Decoded, as written: absolute, or relative to the directory holding the trash directory. */
  path: string;
  deletionDate: string | null;
}

/** Reads the `[Trash Info]` group; null when the file is not a trash info file (no group or no Path). */
export function parseTrashInfo(text: string): ParsedTrashInfo | null {
  let inGroup = false;
  let sawGroup = false;
  let recorded: string | null = null;
  let deletionDate: string | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('[')) {
      inGroup = line === '[Trash Info]';
      sawGroup ||= inGroup;
      continue;
    }
    if (!inGroup) continue;
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    // The first occurrence wins, as in desktop-entry files.
    if (key === 'Path' && recorded === null) recorded = value;
    else if (key === 'DeletionDate' && deletionDate === null) deletionDate = value;
  }
  if (!sawGroup || recorded === null) return null;
  try {
    return { path: decodeTrashInfoPath(recorded), deletionDate };
  } catch {
    return null;
  }
}
