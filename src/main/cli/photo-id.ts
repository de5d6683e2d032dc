// The CLI names photos by path, the engine by id: a path typed on the command line becomes a photo id here, once,
// and a path that is not in the library gets one clear message (exit 1) whatever the command.
import fs from 'node:fs';
import path from 'node:path';
import type { LoupeEngine } from '../engine/engine.js';
import { LibraryError } from '../engine/errors.js';
import { owningFolder } from '../engine/library/folder-paths.js';

/** The id of the library photo at `file` (absolute, or relative to the cwd). */
export function photoIdOf(engine: LoupeEngine, file: string): number {
  const id = engine.library.photoIdAt(file);
  if (id === null) throw new LibraryError('not-found', whyNotInLibrary(engine, file));
  return id;
}

/**
 * The message for a path that is not a library photo, saying what the user can do about it (trial 13: a mistyped
 * name and a photo copied into a library folder but not indexed yet both got "is its folder added and indexed?").
 */
export function whyNotInLibrary(engine: LoupeEngine, file: string): string {
  const abs = path.resolve(file);
  if (!fs.existsSync(abs)) return `${abs} is not in the library: there is no such file.`;
  if (owningFolder(abs, engine.library.listFolders())) return `${abs} is not in the library yet: its folder is, but it has not been indexed (run \`loupe index\`).`;
  return notInLibrary(file);
}

/** The message for a path that is not a library photo (commands that go on with the other paths report it too). */
export function notInLibrary(file: string): string {
  return `${path.resolve(file)} is not in the library (is its folder added and indexed?).`;
}
