import { analyzePhoto, writeThumbnails } from '../media/index.js';
import type { Stage, StageContext } from './stage.js';
import type { FileFacts } from '../catalog/file-repository.js';

/**
 * Decodes the photo once (shrink-on-load), reads its metadata and writes its grid and viewer thumbnails, cached by
 * content hash so a moved file or an exact copy costs nothing more.
 */
export class AnalyzeStage implements Stage {
  readonly name = 'analyze';
  readonly version = 1;

  constructor(private readonly thumbnailDir: string) {}

  async run({ file, scratch, recordTiming }: StageContext): Promise<FileFacts> {
    const t0 = performance.now();
    const photo = await analyzePhoto(file.path, { mtimeMs: file.mtime_ms });
    const t1 = performance.now();
    await writeThumbnails(photo.preview, this.thumbnailDir, file.content_hash);
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
      taken_at: m.takenAt,
      taken_at_source: m.takenAtSource,
      camera_make: m.cameraMake,
      camera_model: m.cameraModel,
      lens: m.lens,
      gps_lat: m.gpsLat,
      gps_lon: m.gpsLon,
      gps_alt: m.gpsAlt,
    };
  }
}
