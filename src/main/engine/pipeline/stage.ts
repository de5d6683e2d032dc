import type { FileFacts, FileRow } from '../catalog/file-repository.js';
import type { AnalyzedPhoto } from '../media/types.js';

/** What stages of one file share while it goes through the pipeline (lost on restart: stages must cope). */
export interface FileScratch {
  /** decoded, auto-rotated RGB preview, long edge at most QUICK_PREVIEW_EDGE, set by the analyze stage: the one
   *  decode every quick stage reads */
  preview?: AnalyzedPhoto['preview'];
  /** why the photo's GPS tags could not be used (null: fine or absent), set by the analyze stage */
  gpsProblem?: string | null;
  /** the original decoded at viewer size (DEFAULT_PREVIEW_EDGE), before it is compressed into the viewer image, and
   *  the file's first bytes (a JPEG's quantisation tables), set by the preview stage of the deep pass for the deep
   *  stage that shares its walk (see Stage.withPrevious), so the original is read and decoded once there too */
  viewer?: AnalyzedPhoto['preview'];
  head?: Uint8Array;
}

export interface StageContext {
  file: FileRow;
  scratch: FileScratch;
  signal: AbortSignal;
  /** adds the ms of a named sub-step (e.g. 'analyze.decode') to the job's timings */
  recordTiming: (step: string, ms: number) => void;
}

/**
 * One step of per-file processing. `version` is bumped when the algorithm changes, which makes the step due again
 * for every file (results are valid for one content hash and one version).
 */
export interface Stage {
  readonly name: string;
  readonly version: number;
  /** 'quick' (the default): needed for a browsable, searchable library; 'deep': run after every file's quick
   *  stages are done (faces, text, ...), so a new library is usable long before the slow models finish. */
  readonly pass?: StagePass;
  /** deep stages only: runs in the same walk over the photos as the deep stage before it, one photo through both
   *  with one scratch, so it reads what that stage decoded instead of decoding the original again */
  readonly withPrevious?: boolean;
  run(ctx: StageContext): Promise<FileFacts | void>;
}

export type StagePass = 'quick' | 'deep';

/**
 * The long edge the quick pass decodes each photo to (shrink-on-load: a large JPEG is decoded at 1/2, 1/4 or 1/8
 * scale): the largest of what its stages read: the model inputs (224-320 px, sent at up to 512), the 320-px grid
 * thumbnail, the 32x32 perceptual-hash grid, the 320-px local features. The 1280-px viewer image is the deep pass's
 * (PreviewStage) or made on view.
 */
export const QUICK_PREVIEW_EDGE = 512;

export function passOf(stage: Stage): StagePass {
  return stage.pass ?? 'quick';
}

/** The deep stages as walks over the photos: a stage `withPrevious` joins the walk of the stage before it. */
export function deepWalks(deep: readonly Stage[]): Stage[][] {
  const walks: Stage[][] = [];
  for (const stage of deep) {
    if (stage.withPrevious && walks.length > 0) walks[walks.length - 1].push(stage);
    else walks.push([stage]);
  }
  return walks;
}

