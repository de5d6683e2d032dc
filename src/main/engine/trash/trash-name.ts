import path from 'node:path';
import { randomUUID } from 'node:crypto';

/**
 * Most Linux file systems cap a name at 255 bytes, and the info file adds ".trashinfo" (10 bytes) to
 * the trash name, so a trash name must stay within 245 bytes or the info file cannot be created.
 */
export const MAX_TRASH_NAME_BYTES = 255 - '.trashinfo'.length;

/** Sequential "name.2.jpg" suffixes read well in a file manager; past this many, a random one avoids O(n^2) probing. */
const SEQUENTIAL_ATTEMPTS = 100;

/** Cuts `text` to at most `maxBytes` of UTF-8 without splitting a character. */
function truncateUtf8(text: string, maxBytes: number): string {
  let out = '';
  let bytes = 0;
  for (const ch of text) {
    const n = Buffer.byteLength(ch);
    if (bytes + n > maxBytes) break;
    out += ch;
    bytes += n;
  }
  return out;
}

/**
 * The name to try for the `attempt`-th time (1-based) when trashing a file called `baseName`:
 * the name itself, then "stem.2.ext", "stem.3.ext", ..., then "stem.<random>.ext"; always within
 * MAX_TRASH_NAME_BYTES (the stem is shortened, the extension kept, so the file keeps its type).
 */
export function trashNameCandidate(baseName: string, attempt: number): string {
  const rawExt = path.extname(baseName);
  // An absurdly long "extension" is not one: treat it as part of the stem so it is shortened too.
  const ext = Buffer.byteLength(rawExt) <= 32 ? rawExt : '';
  const stem = ext ? baseName.slice(0, -ext.length) : baseName;
  const suffix = attempt <= 1 ? '' : attempt <= SEQUENTIAL_ATTEMPTS ? `.${attempt}` : `.${randomUUID().slice(0, 8)}`;
  const room = MAX_TRASH_NAME_BYTES - Buffer.byteLength(suffix) - Buffer.byteLength(ext);
  const name = truncateUtf8(stem, room) + suffix + ext;
  // A name made only of dots (".", "..") would point at a directory, never at our file.
  return /^\.*$/.test(name) ? `file${suffix}${ext}` : name;
}
