import fs from 'node:fs/promises';
import path from 'node:path';

export interface WalkEntry {
  path: string;
  size: number;
  mtimeMs: number;
}

export interface WalkProblem {
  path: string;
  reason: string;
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
  /** whether a real path (links resolved) may be catalogued; default: inside `root`. A link that points anywhere
   *  else is reported in `skipped`, never followed (its target is not in the library). */
  allowTarget?: (realPath: string) => boolean;
}

/** U+FFFD in a name Node read as UTF-8: the name on disk is not valid UTF-8 (Node would replace each bad byte). */
const NOT_UTF8 = '\uFFFD';

/**
 * Recursively lists photo files below `root`. Follows symbolic links (people link albums in), but enters each real
 * directory once, so link loops end. Hidden entries (".thumbnails", ".git", ".Trash-1000") are skipped.
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
            skipped.push({ path: full, reason: 'its name is not valid UTF-8 text, so it cannot be catalogued under it; rename it (e.g. in a file manager) and index again' });
          } else if (code !== 'ENOENT' && code !== 'ELOOP') unreadableDirs.push({ path: full, reason: describeFsError(err) });
          continue; // dangling link or vanished entry
        }
        if (entry.isSymbolicLink()) {
          const real = await fs.realpath(full).catch(() => null);
          if (real && !allowTarget(real)) {
            if (stat.isDirectory() || options.extensions.has(path.extname(real).toLowerCase()) || options.extensions.has(path.extname(entry.name).toLowerCase())) {
              skipped.push({ path: full, reason: `it is a link to ${real}, outside the library folders: not followed (add that folder to the library to include it)` });
            }
            continue;
          }
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
