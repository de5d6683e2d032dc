// The CLI names photos by path, the engine by id: a path typed on the command line becomes a photo id here, once,
// and a path that is not in the library gets one clear message (exit 1) whatever the command.
import path from 'node:path';
import type { LoupeEngine } from '../engine/engine.js';
import { LibraryError } from '../engine/errors.js';

/** The id of the library photo at `file` (absolute, or relative to the cwd). */
export function photoIdOf(engine: LoupeEngine, file: string): number {
  const id = engine.library.photoIdAt(file);
  if (id === null) throw new LibraryError('not-found', notInLibrary(file));
  return id;
}

/** The message for a path that is not a library photo (commands that go on with the other paths report it too). */
export function notInLibrary(file: string): string {
  return `${path.resolve(file)} is not in the library (is its folder added and indexed?).`;
}
