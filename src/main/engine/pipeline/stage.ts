import type { FileFacts, FileRow } from '../catalog/file-repository.js';
import type { AnalyzedPhoto } from '../media/types.js';

/** What stages of one file share while it goes through the pipeline (lost on restart: stages must cope). */
export interface FileScratch {
  /** decoded, auto-rotated RGB preview, set by the analyze stage */
  preview?: AnalyzedPhoto['preview'];
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
  /** 'deep' stages (faces, text) run in a second pass after the quick ones; absent means 'quick' */
  readonly pass?: 'quick' | 'deep';
  run(ctx: StageContext): Promise<FileFacts | void>;
}
