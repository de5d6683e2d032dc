import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { LoupeEngine } from '../../src/main/engine/engine.js';
import { copyPhotos, makeTempDir } from './fixtures.js';

/** A library indexed (quick pass) for a describe's tests, and the engine open on it: `engine` may be replaced (the
 *  app closed and opened again); the one open at the end is closed. */
export interface IndexedLibrary {
  readonly lib: string;
  readonly home: string;
  engine: LoupeEngine;
}

/** Copies `photos` (paths relative to the test photos) into a new library folder, before the describe's tests, and
 *  indexes it with a real engine (real models, a real catalog); everything goes after them. */
export function useIndexedLibrary(photos: readonly string[], options: { concurrency?: number } = {}): IndexedLibrary {
  const tmp = makeTempDir();
  const library = { lib: path.join(tmp.dir, 'Photos'), home: path.join(tmp.dir, 'home'), engine: null as unknown as LoupeEngine };
  beforeAll(async () => {
    copyPhotos(photos, library.lib);
    library.engine = LoupeEngine.open({ home: library.home, warn: () => {}, ...options });
    await library.engine.library.addFolder(library.lib);
    await library.engine.library.index(undefined, { quick: true });
  }, 300_000);
  afterAll(async () => {
    await library.engine?.close();
    tmp.cleanup();
  });
  return library;
}
