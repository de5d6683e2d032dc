// Which file answers a media request: ONLY the thumbnail of a catalogued photo, looked up by its id. No request
// ever names a path, so neither host can be made to serve an arbitrary file.
import fs from 'node:fs';
import type { MediaSize } from '../../shared/api.js';
import { thumbnailPaths } from '../engine/media/thumbnails.js';

export interface MediaFile {
  file: string;
  contentType: string;
}

/** What resolveMedia needs of the catalog: the thumbnail folder and a photo's content hash by id. */
export interface MediaCatalog {
  thumbnailDir: string;
  contentHashOf(photoId: number): string | null;
}

/** The grid thumbnail ('small', 320 px) or the viewer image ('large', <= 1280 px), or null when there is none
 *  (an unknown id, a photo not analysed yet or that failed). */
export async function resolveMedia(catalog: MediaCatalog, size: MediaSize, photoId: number): Promise<MediaFile | null> {
  if (!Number.isSafeInteger(photoId) || photoId < 1) return null;
  const hash = catalog.contentHashOf(photoId);
  if (!hash) return null;
  let paths;
  try {
    paths = thumbnailPaths(catalog.thumbnailDir, hash);
  } catch {
    return null; // a hash that is not a safe file name never becomes a path
  }
  const file = size === 'small' ? paths.small : paths.medium;
  try {
    // synchronous: a stat queued behind a large library's scan on libuv's file threads waits seconds (static-files.ts)
    if (!fs.statSync(file).isFile()) return null;
  } catch {
    return null;
  }
  return { file, contentType: 'image/jpeg' };
}
