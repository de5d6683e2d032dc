import fs from 'node:fs/promises';
import path from 'node:path';
import { linkOutside } from './links.js';

export interface WalkEntry {
  path: string;
  size: number;
  mtimeMs: number;
}

export interface WalkProblem {
  path: string;
  reason: string;
  /** for a skipped photo: 'bad-name' (not valid UTF-8) or 'link-outside' */
  code?: 'bad-name' | 'link-outside';
}

export interface WalkResult {
  files: WalkEntry[];
  /** Directories that could not be read: what the catalog holds below them must be kept, not counted as removed. */
  unreadableDirs: WalkProblem[];
  /** Photos (or links) that were seen but not catalogued, each with the reason: never skipped without a word. */
  skipped: WalkProblem[];
}

export interface WalkOptions {
  /** lower-case extensions with the dot, e.g. ".jpg" */
  extensions: ReadonlySet<string>;
  /** directories never entered (e.g. the library home when it lies inside a library folder) */
  exclude?: readonly string[];
  signal?: AbortSignal;
  /** whether a real path (links resolved) lies in the library; default: inside `root`. A link that points anywhere
   *  else is reported in `skipped`, never followed (its target is not in the library). */
  allowTarget?: (realPath: string) => boolean;
}

/** U+FFFD in a name Node read as UTF-8: the name on disk is not valid UTF-8 (Node would replace each bad byte). */
const NOT_UTF8 = '\uFFFD';

/**
 * The names in `dir` that are not valid UTF-8, as a person can read and type them: each byte that is not part of a
 * valid UTF-8 character as \xHH (as `ls -b` shows it; bash takes it back as $'...'). Keyed by the lossy name Node
 * gives (U+FFFD for each bad byte). Such a file cannot be catalogued: the catalog, the API and the UI hold paths as
 * text, and every stage opens files by a text path (see docs/reliability.md).
 */
async function undecodableNames(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const names = await fs.readdir(dir, { encoding: 'buffer' }).catch(() => [] as Buffer[]);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (const raw of names) {
    try {
      decoder.decode(raw);
    } catch {
      out.set(raw.toString('utf8'), escapeBytes(raw));
    }
  }
  return out;
}

function escapeBytes(raw: Buffer): string {
  let s = '';
  let i = 0;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  while (i < raw.length) {
    // the longest valid UTF-8 character at i (1 to 4 bytes), else one escaped byte
    let n = 0;
    for (let len = 1; len <= 4 && i + len <= raw.length && n === 0; len++) {
      try {
        const ch = decoder.decode(raw.subarray(i, i + len));
        if (!ch.includes(NOT_UTF8)) n = len;
      } catch {
        // not a whole character yet
      }
    }
    if (n > 0) {
      s += raw.subarray(i, i + n).toString('utf8');
      i += n;
    } else {
      s += `\\x${raw[i].toString(16).toUpperCase().padStart(2, '0')}`;
      i += 1;
    }
  }
  return s;
}

/**
 * Recursively lists photo files below `root`. A link to a photo in the library is listed under its own path (people
 * link albums in); a link to a folder is not entered (see links.ts: the folder is listed where it really is), and
 * each real directory is entered once (a bind mount can loop too). Hidden entries (".thumbnails", ".git",
 * ".Trash-1000") are skipped.
 * Throws only when `root` itself cannot be read; problems below it are returned, never thrown.
 */
export async function walkFolder(root: string, options: WalkOptions): Promise<WalkResult> {
  const rootStat = await fs.stat(root); // throws ENOENT / EACCES / ENOTDIR for the caller to report
  if (!rootStat.isDirectory()) {
    throw Object.assign(new Error(`${root} is not a folder`), { code: 'ENOTDIR' });
  }
  const exclude = new Set((options.exclude ?? []).map((p) => path.resolve(p)));
  const seenDirs = new Set<string>([`${rootStat.dev}:${rootStat.ino}`]);
  const files: WalkEntry[] = [];
  const unreadableDirs: WalkProblem[] = [];
  const skipped: WalkProblem[] = [];
  const realRoot = await fs.realpath(root);
  const allowTarget = options.allowTarget ?? ((real: string) => real === realRoot || real.startsWith(realRoot + path.sep));
  const stack: string[] = [root];

  while (stack.length > 0) {
    options.signal?.throwIfAborted();
    const dir = stack.pop()!;
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (err) {
      // A folder that vanished mid-walk is simply gone; anything else (EACCES, EIO) keeps its catalog rows.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        unreadableDirs.push({ path: dir, reason: describeFsError(err) });
      }
      continue;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      let stat: import('node:fs').Stats | undefined;
      if (entry.isSymbolicLink() || isFile || isDir) {
        try {
          stat = await fs.stat(full); // follows links
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code === 'ENOENT' && entry.name.includes(NOT_UTF8)) {
            if (entry.isDirectory() || options.extensions.has(path.extname(entry.name).toLowerCase())) {
              const shown = (await undecodableNames(dir)).get(entry.name) ?? entry.name;
              skipped.push({
                path: path.join(dir, shown),
                code: 'bad-name',
                reason: `its name is not valid UTF-8 text (the bytes shown as \\xHH), so ${entry.isDirectory() ? 'the photos in it cannot be catalogued' : 'it cannot be catalogued'} under it; rename it (e.g. in a file manager) and index again`,
              });
            }
          } else if (code !== 'ENOENT' && code !== 'ELOOP') unreadableDirs.push({ path: full, reason: describeFsError(err) });
          continue; // dangling link or vanished entry
        }
        if (entry.isSymbolicLink()) {
          const real = await fs.realpath(full).catch(() => null);
          if (real && !allowTarget(real)) {
            if (stat.isDirectory() || options.extensions.has(path.extname(real).toLowerCase()) || options.extensions.has(path.extname(entry.name).toLowerCase())) {
              skipped.push(linkOutside(full, real));
            }
            continue;
          }
          if (stat.isDirectory()) continue; // in the library: walked where it really is
        }
        isDir = stat.isDirectory();
        isFile = stat.isFile();
      }
      if (isDir && stat) {
        if (exclude.has(full)) continue;
        const key = `${stat.dev}:${stat.ino}`;
        if (seenDirs.has(key)) continue; // link loop or a second link to the same folder
        seenDirs.add(key);
        stack.push(full);
      } else if (isFile && stat && options.extensions.has(path.extname(entry.name).toLowerCase())) {
        files.push({ path: full, size: stat.size, mtimeMs: Math.trunc(stat.mtimeMs) });
      }
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, unreadableDirs, skipped };
}

/** One plain sentence for an fs error, for users (no stack, no errno numbers). */
export function describeFsError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'ENOENT': return 'it does not exist (moved, deleted, or a drive that is not connected)';
    case 'EACCES':
    case 'EPERM': return 'permission denied';
    case 'ENOTDIR': return 'it is not a folder';
    case 'EISDIR': return 'it is a folder, not a file';
    case 'EIO': return 'the disk reported an I/O error';
    case 'ELOOP': return 'too many levels of symbolic links';
    case 'EMFILE':
    case 'ENFILE': return 'too many open files';
    default: return e?.message ?? String(err);
  }
}
