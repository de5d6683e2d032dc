import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../../src/shared/api.js';
import type { JobProgress, LibraryFolder } from '../../../src/shared/library-types.js';
import { createEngineBackend, type EngineBackend } from '../../../src/main/backend/engine-backend.js';
import { LoupeEngine } from '../../../src/main/engine/engine.js';
import { caltechSample, copyPhotos, makeTempDir, waitFor } from '../../helpers/fixtures.js';

describe('engine backend: catch-up index on open and live watching (real watcher, real models)', () => {
  let tmp: { dir: string; cleanup: () => void };
  let engine: LoupeEngine;
  let backend: EngineBackend;
  const events: { event: ApiEvent; payload: unknown }[] = [];
  const [first, second, third] = caltechSample(['pizza'], 3);

  beforeAll(async () => {
    tmp = makeTempDir();
    const lib = path.join(tmp.dir, 'a');
    copyPhotos([first], lib);
    engine = LoupeEngine.open({ home: path.join(tmp.dir, 'home'), warn: () => {}, trashDir: path.join(tmp.dir, 'trash') });
    await engine.library.addFolder(lib);
    // Opened with a folder that was never indexed: the backend catches up by itself, and watches.
    backend = createEngineBackend({
      engine, appVersion: 't', emit: (event, payload) => events.push({ event, payload }),
      watchOptions: { debounceMs: 100, writeStabilityMs: 200, moveGraceMs: 300 },
    });
    await waitFor(() => events.some((e) => e.event === 'index:finished'), 120_000, 'the catch-up index');
    await backend.idle();
  }, 150_000);

  afterAll(async () => {
    await backend.close();
    await engine.close();
    tmp.cleanup();
  });

  it('indexed the folder on open', async () => {
    expect((await backend.status()).photoCount).toBe(1);
  });

  it('picks up a photo copied into a watched folder and tells the UI', async () => {
    events.length = 0;
    copyPhotos([second], path.join(tmp.dir, 'a'));
    await waitFor(async () => (await backend.listPhotos({})).total === 2, 60_000, 'the watcher to add the photo');
    await waitFor(() => events.some((e) => e.event === 'library:changed'), 10_000, 'library:changed');
    await backend.idle();
    // the grid heard of it once its quick pass was done, before the deep pass (faces, text) had finished
    const deepEnd = events.findLastIndex((e) => e.event === 'index:progress' && (e.payload as JobProgress).phase === 'deep');
    expect(deepEnd).toBeGreaterThan(0);
    expect(events.findIndex((e) => e.event === 'library:changed')).toBeLessThan(deepEnd);
  });

  it('tells the UI the moment a library folder is unplugged (renamed away) and when it is back, keeping its photos', async () => {
    // Trial 36: the folder renamed away while `loupe serve` ran, the sidebar still said nothing and the status
    // "Up to date", as no batch changed anything (its photos stay while it is gone).
    const a = path.join(tmp.dir, 'a');
    const stateOf = (e: { event: ApiEvent; payload: unknown }): string | undefined =>
      e.event === 'folders:changed' ? (e.payload as { folders: LibraryFolder[] }).folders.find((f) => f.path === a)?.status : undefined;
    const before = (await backend.listPhotos({ folder: a })).total;
    events.length = 0;
    fs.renameSync(a, `${a}-away`);
    await waitFor(() => events.some((e) => stateOf(e) === 'missing'), 20_000, 'folders:changed saying the folder is missing');
    events.length = 0;
    fs.renameSync(`${a}-away`, a);
    await waitFor(() => events.some((e) => stateOf(e) === 'ok'), 20_000, 'folders:changed saying the folder is back');
    await backend.idle();
    expect((await backend.listPhotos({ folder: a })).total).toBe(before);
  });

  it('watches a folder added later, without a restart', async () => {
    const b = path.join(tmp.dir, 'b');
    fs.mkdirSync(b);
    await backend.addFolder(b);
    await backend.idle();
    copyPhotos([third], b);
    await waitFor(async () => (await backend.listPhotos({ folder: b })).total === 1, 60_000, 'the watcher of the new folder');
    expect((await backend.listFolders()).map((f) => f.path).sort()).toEqual([path.join(tmp.dir, 'a'), b].sort());
  });
});
