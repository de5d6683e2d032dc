// Symbolic links below a library folder, as the scan and the watcher treat them alike. A link to a photo is
// catalogued under its own path when the photo lies in the library ("people link albums in"; the duplicates and the
// trash know it as the same file). A link to a FOLDER is never followed: a folder inside the library is catalogued
// and watched where it really is (followed too, each photo got a second path, or, entered once, whichever path the
// walk met first, which the watcher, seeing changes at the real path only, did not know); one elsewhere is not the
// library's (the app reads nothing outside it) and is listed with the reason. Nothing followed, no loop to end.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { WalkProblem } from './walk-folder.js';

/** What a scan says of a link below a library folder that points out of the library. */
export function linkOutside(link: string, real: string): WalkProblem {
  return { path: link, code: 'link-outside', reason: `it is a link to ${real}, outside the library folders: not followed (add that folder to the library to include it)` };
}

/**
 * The real folder that `p` (a file or folder at or below the library folder `root`) is reached through when a folder
 * link below `root` leads to it: `p` itself a link to a folder, or a folder above it one. Null when `p` lies where
 * its path says (a library folder that is itself a link is the library's own way in: followed), or cannot be read.
 */
export async function linkedFolderOf(p: string, root: string): Promise<string | null> {
  if (p === root) return null;
  try {
    const own = await fs.lstat(p).catch(() => null);
    const isFolderLink = own?.isSymbolicLink() === true && (await fs.stat(p).catch(() => null))?.isDirectory() === true;
    const folder = isFolderLink ? p : path.dirname(p);
    const real = await fs.realpath(folder);
    return real === path.join(await fs.realpath(root), path.relative(root, folder)) ? null : real;
  } catch {
    return null; // gone: what the catalog holds there is reconciled as gone
  }
}
