import { analyzePhoto, writeThumbnail } from '../media/index.js';
import { QUICK_PREVIEW_EDGE, type Stage, type StageContext } from './stage.js';
import type { FileFacts } from '../catalog/file-repository.js';

/**
 * Reads the file once and decodes it once, as small as the quick pass needs (QUICK_PREVIEW_EDGE, shrink-on-load),
 * reads its metadata and writes its grid thumbnail, cached by content hash so a moved file or an exact copy costs
 * nothing more. Every later quick stage reads this decode from the scratch; the
 * viewer-size image is left to the deep pass (PreviewStage) or made when the photo is viewed.
 */
export class AnalyzeStage implements Stage {
  readonly name = 'analyze';
  readonly version = 1;

  constructor(private readonly thumbnailDir: string) {}

  async run({ file, scratch, recordTiming }: StageContext): Promise<FileFacts> {
    const t0 = performance.now();
    const photo = await analyzePhoto(file.path, { mtimeMs: file.mtime_ms, previewEdge: QUICK_PREVIEW_EDGE });
    const t1 = performance.now();
    await writeThumbnail('small', photo.preview, this.thumbnailDir, file.content_hash);
    recordTiming('analyze.decode+metadata', t1 - t0);
    recordTiming('analyze.thumbnails', performance.now() - t1);
    scratch.preview = photo.preview;
    scratch.gpsProblem = photo.metadata.gpsProblem ?? null;
    const m = photo.metadata;
    return {
      format: photo.format,
      format_label: photo.formatLabel,
      width: photo.width,
      height: photo.height,
      orientation: m.orientation,
      own_taken_at: m.takenAt,
      own_taken_at_source: m.takenAtSource,
      camera_make: m.cameraMake,
      camera_model: m.cameraModel,
      lens: m.lens,
      gps_lat: m.gpsLat,
      gps_lon: m.gpsLon,
      gps_alt: m.gpsAlt,
      damage: photo.damage ?? null,
    };
  }
}
