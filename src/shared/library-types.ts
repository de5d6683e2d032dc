// Types that cross every boundary (engine -> CLI JSON, IPC, HTTP). No Node, no DOM.
import type { PhotoDamage } from './photo-damage.js';

export type FolderStatus = 'ok' | 'missing' | 'unreadable';

export interface LibraryFolder {
  path: string;
  status: FolderStatus;
  /** why the folder could not be walked, when status is not 'ok' */
  reason: string | null;
  files: number;
  lastScanAt: string | null;
}

export type FileState = 'pending' | 'ready' | 'failed';

/** A failure tied to one file: the absolute path and one sentence saying why. */
export interface FileFailure {
  path: string;
  /** the engine's sentence (English) */
  reason: string;
  /** what kind of failure: 'empty', 'unreadable', 'not-an-image', 'unsupported', 'corrupt', 'too-large', or a stage's
   *  own code; the UI says it in the user's language */
  code?: string;
}

/** The catalog record of one photo (`loupe info`). Paths are absolute. */
export interface PhotoRecord {
  id: number;
  path: string;
  folder: string;
  size: number;
  mtime: string;
  contentHash: string;
  format: string | null;
  formatLabel: string | null;
  width: number | null;
  height: number | null;
  orientation: number | null;
  takenAt: string | null;
  takenAtSource: string | null;
  camera: { make: string | null; model: string | null; lens: string | null };
  gps: { lat: number; lon: number; alt: number | null } | null;
  /** the file ends early and was read from the part that decodes; null when whole */
  damage: PhotoDamage | null;
  state: FileState;
  stages: Record<string, { version: number; doneAt: string }>;
  errors: { stage: string; code: string; reason: string }[];
  thumbnails: { small: string; medium: string } | null;
}

/** What one `index` run did, counted in files. */
export interface IndexSummary {
  /** new photos: this run's, and those an earlier run catalogued but was stopped before it could say so */
  added: number;
  updated: number;
  unchanged: number;
  moved: number;
  /** photos both moved and edited (another file now, the same picture): they kept what the user decided about them */
  movedChanged: number;
  removed: number;
  failed: FileFailure[];
  /** photos of the folders indexed that were read from the part of their file that decodes (it ends early) */
  damaged?: IndexedDamage[];
  seconds: number;
}

/** A damaged photo as an index run reports it: every one of the folders indexed (the JSON is complete), each saying
 *  whether the catalog held it damaged, with the same bytes, before the run: the CLI lists the ones found now and
 *  counts those (`loupe status` lists every one), as a file that stays damaged is no news at every run. */
export interface IndexedDamage extends DamagedPhoto {
  known: boolean;
}

export interface StatusReport {
  folders: LibraryFolder[];
  /** files fully indexed */
  files: number;
  /** files found but not yet through the quick pass (not yet browsable) */
  pending: number;
  /** per stage, photos still waiting for it (the deep stages fill in after the quick pass) */
  pendingByStage: Record<string, number>;
  failed: FileFailure[];
  /** photos indexed from the part of their file that decodes (the file ends early), path order */
  damaged: DamagedPhoto[];
}

export interface DamagedPhoto {
  path: string;
  damage: PhotoDamage;
}

/** 'scan' reads and hashes files, 'analyze' runs the quick stages, 'deep' one walk of deep stages (named by `stages`). */
export type JobPhase = 'scan' | 'analyze' | 'deep';

/** Progress of a running job; rate in files/s, eta in seconds (null while unknown). */
export interface JobProgress {
  jobId: string;
  kind: string;
  state: 'running' | 'paused' | 'cancelled' | 'done' | 'failed';
  phase: JobPhase;
  /** the deep stages being run during the 'deep' phase, those of the walk with work to do (stages that share one
   *  decode of each photo go through it together, Stage.withPrevious); empty in the other phases */
  stages: string[];
  done: number;
  total: number;
  failed: number;
  rate: number;
  etaSeconds: number | null;
  current: string | null;
  /** set while the job waits for another Loupe process that is writing to this library (`loupe index` in a
   *  terminal, a second window): the job has not started, and its phase and counts say nothing yet */
  waitingFor?: WriterWait;
}

/** Who holds the library's one-writer lock while a job waits for it: its command line and since when (ISO 8601). */
export interface WriterWait {
  command: string;
  since: string;
}
