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

export async function writeThumbnails(preview: AnalyzedPhoto['preview'], dir: string, contentId: string): Promise<ThumbnailPaths> {
  const paths = thumbnailPaths(dir, contentId);
  const raw = { raw: { width: preview.width, height: preview.height, channels: preview.channels } };
  const [small, medium] = await Promise.all([
    sharp(preview.data, raw)
      .resize({ width: SMALL_THUMB_EDGE, height: SMALL_THUMB_EDGE, fit: 'inside', withoutEnlargement: true })
      .jpeg(JPEG_OPTIONS).toBuffer(),
    sharp(preview.data, raw).jpeg(JPEG_OPTIONS).toBuffer(),
  ]);
  await mkdir(path.dirname(paths.small), { recursive: true });
  await Promise.all([writeAtomically(paths.small, small), writeAtomically(paths.medium, medium)]);
  return paths;
}
