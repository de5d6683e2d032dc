// The places stage (quick pass; it needs only the GPS the analyze stage read): stores where each photo was taken,
// or why its GPS could not be placed. A place the user set by hand is never touched (see PlaceRepository.save).
import { open } from 'node:fs/promises';
import type { FileRepository } from '../catalog/file-repository.js';
import { readExifTags } from '../media/exif-read.js';
import { gpsFromTags } from '../media/metadata.js';
import type { ImageFormat } from '../media/types.js';
import type { Stage, StageContext } from '../pipeline/stage.js';
import type { PlaceService } from './place-service.js';

/** EXIF sits at the start of every format Loupe reads GPS from. */
const EXIF_HEAD_BYTES = 256 * 1024;

export class PlaceStage implements Stage {
  readonly name = 'places';
  /** 2: the search text holds the region's other names (Tuscany for Florence): a re-run stores them, for places
   *  the user set too; 3: a country's name gives only the words that name it (not "china" for Taiwan, not "people"
   *  for China: placeSearchText); 4: Chinese names of about 400 large cities outside China from CLDR (纽约, 伦敦),
   *  searchable and shown once stored again */
  readonly version = 4;
  readonly pass = 'quick' as const;

  constructor(private readonly deps: { places: PlaceService; files: FileRepository }) {}

  async run({ file, scratch }: StageContext): Promise<void> {
    this.deps.places.refreshUserPlace(file.id);
    // The row as the analyze stage just left it (ctx.file was read before that stage ran).
    const row = this.deps.files.byId(file.id) ?? file;
    if (row.gps_lat !== null && row.gps_lon !== null) {
      this.deps.places.placeFromGps(file.id, row.gps_lat, row.gps_lon);
      return;
    }
    // No usable GPS: say why when the photo has GPS tags that could not be used (0,0, out of range).
    const problem = scratch.gpsProblem !== undefined ? scratch.gpsProblem : await gpsProblemInFile(row.path, row.format);
    if (problem) this.deps.places.repo.saveUnplaced(file.id, null, null, problem);
    else this.deps.places.repo.clearGps(file.id);
  }
}

/** Reads the GPS tags from the head of the file again (when the analyze stage ran in an earlier run). */
async function gpsProblemInFile(filePath: string, format: string | null): Promise<string | null> {
  try {
    const handle = await open(filePath, 'r');
    try {
      const head = Buffer.alloc(EXIF_HEAD_BYTES);
      const { bytesRead } = await handle.read(head, 0, head.length, 0);
      const reading = gpsFromTags(await readExifTags(head.subarray(0, bytesRead), (format ?? 'jpeg') as ImageFormat));
      return reading && 'problem' in reading ? reading.problem : null;
    } finally {
      await handle.close();
    }
  } catch {
    return null; // unreadable now: the analyze stage reports such files
  }
}
