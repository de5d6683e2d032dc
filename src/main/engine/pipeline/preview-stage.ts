import { isWholeJpeg } from '../cache/thumbnail-cache.js';
import { analyzePhoto, DEFAULT_PREVIEW_EDGE, thumbnailPaths, writeThumbnail } from '../media/index.js';
import { JPEG_HEAD_BYTES } from '../duplicates/copy-quality.js';
import type { Stage, StageContext } from './stage.js';

/**
 * The viewer-size image (the 'medium' thumbnail, DEFAULT_PREVIEW_EDGE px), made lazily: the quick pass decodes only
 * as large as its own stages need, and this first stage of the deep pass decodes the original a second time at
 * viewer size, so the deep stages after it (faces, text) read the thumbnail instead of the original. A photo opened
 * in the viewer before its turn gets it made on the spot (EngineBackend.media). Its decode (before compression) and
 * the file's first bytes stay in the scratch for the copy-quality stage, which shares its walk: one read and one
 * decode of the original for both.
 */
export class PreviewStage implements Stage {
  readonly name = 'preview';
  readonly version = 1;
  readonly pass = 'deep' as const;

  constructor(private readonly thumbnailDir: string) {}

  async run({ file, scratch, recordTiming }: StageContext): Promise<void> {
    const medium = thumbnailPaths(this.thumbnailDir, file.content_hash).medium;
    if (isWholeJpeg(medium)) return; // made on view already, or by an earlier version of Loupe, or an exact copy's
    const t0 = performance.now();
    const photo = await analyzePhoto(file.path, { mtimeMs: file.mtime_ms, previewEdge: DEFAULT_PREVIEW_EDGE, keepHead: JPEG_HEAD_BYTES });
    await writeThumbnail('medium', photo.preview, this.thumbnailDir, file.content_hash);
    scratch.viewer = photo.preview;
    scratch.head = photo.head;
    recordTiming('preview.decode+write', performance.now() - t0);
  }
}
