/** One file moved to the system trash: everything needed to put it back later. Plain JSON, so the catalog can store it. */
export interface TrashedItem {
  /** Absolute, normalised path the file had before it was trashed. */
  originalPath: string;
  /** Where the file now lies inside the trash; null where the platform does not say (macOS, Windows). */
  trashedPath: string | null;
  /** When it was trashed, ISO 8601 (UTC). The .trashinfo file holds the same instant in local time. */
  trashedAt: string;
  platform: NodeJS.Platform;
  /** The freedesktop `.trashinfo` file describing this entry (Linux and other freedesktop systems). */
  infoPath?: string;
}

/** A file that was not handled; `reason` is a sentence naming the file, fit to show the user. */
export interface TrashFailure {
  path: string;
  reason: string;
}

export interface TrashOutcome {
  trashed: TrashedItem[];
  failed: TrashFailure[];
}

export interface RestoreOutcome {
  /** Original paths the files are back at. */
  restored: string[];
  failed: TrashFailure[];
}

/** Lets a caller journal each move before it happens (trash-journal.ts). */
export interface TrashHooks {
  /** Called for each file once its place in the trash is reserved, just before the file is moved there. A throw
   *  leaves the file where it is (it is then reported in `failed`). */
  beforeMove?: (item: TrashedItem) => void;
}

export interface SystemTrash {
  /** Moves files to the OS trash; never deletes. One bad file never stops the rest: it is listed in `failed`. */
  trash(paths: readonly string[], hooks?: TrashHooks): Promise<TrashOutcome>;
  /** Puts trashed files back where they were, never over an existing file. Where `canRestore` is false every item fails with the reason. */
  restore(items: readonly TrashedItem[]): Promise<RestoreOutcome>;
  canRestore: boolean;
  /** Why restore is not possible here (set exactly when canRestore is false). */
  restoreUnsupportedReason?: string;
}

/** Moves one file to the OS trash (Electron's `shell.trashItem` fits). Must reject when the file was not moved. */
export type TrashItemFunction = (path: string) => Promise<void>;

export interface SystemTrashOptions {
  /** Which platform's behaviour to use; defaults to process.platform. */
  platform?: NodeJS.Platform;
  /** Environment to read XDG_DATA_HOME and HOME from; defaults to process.env. Tests point XDG_DATA_HOME at a temp folder. */
  env?: NodeJS.ProcessEnv;
  /** The home trash folder itself (overrides $XDG_DATA_HOME/Trash). */
  homeTrashDir?: string;
  /** macOS/Windows only: how to move one file to the trash (e.g. Electron's shell.trashItem); defaults to the `trash` package. */
  trashItem?: TrashItemFunction;
}
