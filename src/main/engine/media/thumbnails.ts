// Grid and viewer thumbnails, made from the preview analyzePhoto already decoded (the original is not
// decoded a second time).
//
// Format: baseline JPEG, quality 80. Measured on the 25 hires photos at 1280 px (sharp 0.35, 2 cores):
//   JPEG q75: 20 ms, 100 KB, 39.3 dB PSNR | WebP q80 effort 0: 46 ms, 98 KB, 39.6 dB
//   JPEG q80: 19 ms, 117 KB, 40.0 dB      | WebP q80 effort 4: 176 ms, 82 KB, 39.7 dB
// At equal quality fast WebP is no smaller than JPEG and 2x slower; WebP only saves ~25% at effort 4,
// which costs ~9x the encode time on every indexed photo. JPEG also decodes fastest in Chromium, which
// matters when the grid scrolls through hundreds of thumbnails.
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import type { AnalyzedPhoto } from './types.js';

export const SMALL_THUMB_EDGE = 320;
const JPEG_OPTIONS = { quality: 80, progressive: false, chromaSubsampling: '4:2:0' } as const;

export interface ThumbnailPaths {
  /** grid thumbnail, long edge 320 */
  small: string;
  /** viewer image, long edge = the preview's (<= 1280) */
  medium: string;
}

/** Where the thumbnails of `contentId` live: sharded by its first two characters so that no directory
 *  holds more than a few thousand files. */
export function thumbnailPaths(dir: string, contentId: string): ThumbnailPaths {
  // contentId becomes part of a path: refuse anything that could climb out of `dir`.
  if (!/^[A-Za-z0-9_-]{2,128}$/.test(contentId)) throw new TypeError(`invalid contentId for a thumbnail path: ${JSON.stringify(contentId)}`);
  const shard = path.join(dir, contentId.slice(0, 2));
  return { small: path.join(shard, `${contentId}-s.jpg`), medium: path.join(shard, `${contentId}-m.jpg`) };
}

/** Writes to a temporary name and renames, so a reader never sees half a file and a crash leaves no
 *  truncated thumbnail behind under the real name. */
async function writeAtomically(file: string, bytes: Buffer): Promise<void> {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** Both thumbnails from one preview (the viewer one at the preview's size). */
export async function writeThumbnails(preview: AnalyzedPhoto['preview'], dir: string, contentId: string): Promise<ThumbnailPaths> {
  await Promise.all([writeThumbnail('small', preview, dir, contentId), writeThumbnail('medium', preview, dir, contentId)]);
  return thumbnailPaths(dir, contentId);
}

/**
 * One thumbnail: the grid one ('small', shrunk to SMALL_THUMB_EDGE) or the viewer one ('medium', the preview as it
 * is). The first pass writes only the grid one from its small decode; the viewer one is made later, from a decode at
 * viewer size (the deep pass's preview stage, or on view).
 */
export async function writeThumbnail(
  kind: keyof ThumbnailPaths, preview: AnalyzedPhoto['preview'], dir: string, contentId: string,
): Promise<string> {
  const file = thumbnailPaths(dir, contentId)[kind];
  let img = sharp(preview.data, { raw: { width: preview.width, height: preview.height, channels: preview.channels } });
  if (kind === 'small') img = img.resize({ width: SMALL_THUMB_EDGE, height: SMALL_THUMB_EDGE, fit: 'inside', withoutEnlargement: true });
  const bytes = await img.jpeg(JPEG_OPTIONS).toBuffer();
  await mkdir(path.dirname(file), { recursive: true });
  await writeAtomically(file, bytes);
  return file;
}
