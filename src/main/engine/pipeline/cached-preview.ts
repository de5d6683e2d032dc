import fs from 'node:fs';
import sharp from 'sharp';
import { analyzePhoto, thumbnailPaths } from '../media/index.js';

import { rgbFromRaw, type RgbImage } from '../media/rgb-image.js';

/**
 * A stage's input after a restart, when the analyse stage's decoded preview is gone: the cached 1280-px viewer
 * thumbnail is as good, and if someone cleared the cache, the original is decoded again (shrink-on-load keeps that
 * cheap). Upright sRGB RGB, long edge at most `maxEdge`.
 */
export async function cachedPreview(thumbnail: string, original: string, mtimeMs: number, maxEdge: number): Promise<RgbImage> {
  if (!fs.existsSync(thumbnail)) {
    const photo = await analyzePhoto(original, { mtimeMs, previewEdge: maxEdge });
    return photo.preview;
  }
  const out = await sharp(thumbnail)
    .resize(maxEdge, maxEdge, { fit: 'inside', withoutEnlargement: true })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return rgbFromRaw(out);
}

/**
 * A stage's image: the decode its walk handed it in the scratch, else (a restart, a re-run, a viewer image made on
 * view) the file's viewer thumbnail as cachedPreview reads it, long edge at most `maxEdge`.
 */
export async function decodedOrCached(
  decoded: RgbImage | undefined,
  thumbnailDir: string,
  file: { content_hash: string; path: string; mtime_ms: number },
  maxEdge: number,
): Promise<RgbImage> {
  return decoded ?? cachedPreview(thumbnailPaths(thumbnailDir, file.content_hash).medium, file.path, file.mtime_ms, maxEdge);
}
