// Decides whether a path that came in from the UI lies inside the library. Plain string checks are not
// enough: `..` can climb out and a symlink inside a library folder can point anywhere, so both sides are
// resolved with fs.realpath before they are compared.
import fs from 'node:fs/promises';
import path from 'node:path';
import { ApiError } from '../../shared/api-dispatch.js';
import { isInsideOrEqual } from '../engine/library/folder-paths.js';

/** The real path (symlinks and `..` resolved), or null when it does not exist. Other errors are thrown. */
export async function realPathOrNull(p: string): Promise<string | null> {
  try {
    return await fs.realpath(p);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw err;
  }
}

/** Real paths of the library folders that exist now (a missing folder holds nothing to reach). */
async function realFolders(folders: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const f of folders) {
    const real = await realPathOrNull(f);
    if (real) out.push(real);
  }
  return out;
}

/**
 * The library folder that really contains `input`, or null. Both the path as given and its real path must lie
 * inside a library folder: a symlink inside the library that points outside it is refused, and so is a path
 * that only looks inside through `..`.
 */
export async function libraryFolderOf(input: string, folders: readonly string[]): Promise<string | null> {
  const lexical = path.resolve(input);
  const owner = folders.find((f) => isInsideOrEqual(lexical, path.resolve(f)));
  if (!owner) return null;
  const real = await realPathOrNull(lexical);
  if (real === null) return null;
  const reals = await realFolders(folders);
  return reals.some((f) => isInsideOrEqual(real, f)) ? owner : null;
}

/**
 * The library folder whose catalogued photos under `input` may be listed, or null: as libraryFolderOf, and also a
 * folder inside one by its path that is no longer on disk (deleted, moved away, on a drive unplugged). Listing reads
 * the catalog only, which holds nothing outside the library; such a folder lists what the catalog still keeps there
 * (a disconnected drive's photos) or nothing. Trial 36: the folder being browsed moved away, the grid kept its 60
 * photos under "… is not inside a library folder"; a sub-folder of an unplugged drive could not be browsed at all.
 */
export async function listableFolderOf(input: string, folders: readonly string[]): Promise<string | null> {
  const lexical = path.resolve(input);
  const owner = folders.find((f) => isInsideOrEqual(lexical, path.resolve(f)));
  if (!owner) return null;
  return (await realPathOrNull(lexical)) === null ? owner : libraryFolderOf(input, folders);
}

/**
 * Checks a folder the user wants to add and returns its real path (what the catalog then stores, so one folder
 * reached through two names is not added twice). Refuses a missing path, a file, the library home, and a folder
 * already inside the library by its given or its real path.
 */
export async function checkNewFolder(call: string, input: string, opts: { folders: readonly string[]; home: string }): Promise<string> {
  const lexical = path.resolve(input);
  const real = await realPathOrNull(lexical);
  if (real === null) throw new ApiError('not-found', `${call}: ${lexical} does not exist`, { detail: { key: 'folder-missing', params: { path: lexical } } });
  const stat = await fs.stat(real);
  if (!stat.isDirectory()) throw new ApiError('bad-arguments', `${call}: ${lexical} is not a folder`, { detail: { key: 'not-a-folder', params: { path: lexical } } });
  const home = (await realPathOrNull(opts.home)) ?? path.resolve(opts.home);
  // A folder that contains the home is fine: the scanner skips the home itself.
  if (isInsideOrEqual(real, home)) {
    throw new ApiError('bad-arguments', `${call}: ${lexical} is inside Loupe's own library home`, { detail: { key: 'inside-home', params: { path: lexical } } });
  }
  const reals = await realFolders(opts.folders);
  const parent = [...opts.folders.map((f) => path.resolve(f)), ...reals].find((f) => isInsideOrEqual(lexical, f) || isInsideOrEqual(real, f));
  if (parent) {
    throw new ApiError('bad-arguments', `${call}: ${lexical} is already in the library (inside ${parent})`, {
      detail: { key: 'already-in-library', params: { path: lexical, parent } },
    });
  }
  return real;
}
