// Thumbnails are a cache of the originals: one that went missing or got damaged (a cleaned-up disk, a copied home,
// a crash of the file system) is made again, by `loupe index` for every photo, and on demand when the UI asks for
// one (serve and the app answer with a fresh thumbnail, never a 404 for a catalogued photo).
import fs from 'node:fs';
import path from 'node:path';
import { analyzePhoto, thumbnailPaths, writeThumbnails, type ThumbnailPaths } from '../media/index.js';

/** A JPEG file that is whole: starts with SOI and ends with EOI (a truncated or overwritten thumbnail does not). */
export function isWholeJpeg(file: string): boolean {
  let fd: number | null = null;
  try {
    fd = fs.openSync(file, 'r');
    const size = fs.fstatSync(fd).size;
    if (size < 4) return false;
    const head = Buffer.alloc(2);
    const tail = Buffer.alloc(2);
    fs.readSync(fd, head, 0, 2, 0);
    fs.readSync(fd, tail, 0, 2, size - 2);
    return head[0] === 0xff && head[1] === 0xd8 && tail[0] === 0xff && tail[1] === 0xd9;
  } catch {
    return false;
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

/**
 * The content hashes (of `hashes`) whose thumbnails are missing or not whole. One directory listing per shard, then
 * a 4-byte check of each thumbnail that is there: fast enough to run at every index. `kinds`: which of the two to
 * look for (the grid one is the quick pass's, the viewer one the deep pass's).
 */
export function missingThumbnails(
  thumbnailDir: string, hashes: Iterable<string>, kinds: readonly (keyof ThumbnailPaths)[] = ['small', 'medium'],
): Set<string> {
  const listings = new Map<string, Set<string>>();
  const listing = (dir: string): Set<string> => {
    let names = listings.get(dir);
    if (!names) {
      try {
        names = new Set(fs.readdirSync(dir));
      } catch {
        names = new Set();
      }
      listings.set(dir, names);
    }
    return names;
  };
  const missing = new Set<string>();
  for (const hash of hashes) {
    let paths;
    try {
      paths = thumbnailPaths(thumbnailDir, hash);
    } catch {
      continue; // a placeholder hash (an unreadable file) has no thumbnails
    }
    const names = listing(path.dirname(paths.small));
    const whole = kinds.map((k) => paths[k]).every((p) => names.has(path.basename(p)) && isWholeJpeg(p));
    if (!whole) missing.add(hash);
  }
  return missing;
}

/** Makes the thumbnails of one catalogued photo again from its original; false when the original cannot be read. */
export async function remakeThumbnails(thumbnailDir: string, original: string, contentHash: string, mtimeMs: number): Promise<boolean> {
  try {
    const photo = await analyzePhoto(original, { mtimeMs });
    await writeThumbnails(photo.preview, thumbnailDir, contentHash);
    return true;
  } catch {
    return false;
  }
}
