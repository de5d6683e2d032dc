// A run stopped after cataloguing new photos (Ctrl-C in `loupe index`, the app closed, a cancelled watcher batch)
// says nothing of them, and the next run finds them catalogued already: they were in no count ("0 added"). The next run
// that finishes counts them as added, once. Real models, a real catalog; the stop is the job's own cancel.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { JobCancelledError } from '../../../../src/main/engine/jobs/job.js';
import { caltechSample, copyPhotos } from '../../../helpers/fixtures.js';
import { useIndexedLibrary } from '../../../helpers/indexed-library.js';
import { StopAfterQuickPassOf, StopInDeepPass } from '../../../helpers/stop-job.js';

describe('the photos a stopped run catalogued are counted as added by the next run', () => {
  const t = useIndexedLibrary(caltechSample(['bonsai'], 1), { concurrency: 1 });
  const { lib } = t;

  it('stopped in the quick pass', async () => {
    const added = copyPhotos(caltechSample(['Motorbikes'], 3), path.join(lib, 'new'));
    const stop = new StopAfterQuickPassOf(added[0]);
    await expect(t.engine.library.index(stop, { quick: true })).rejects.toBeInstanceOf(JobCancelledError);
    expect(stop.early).toBe(true);
    const next = await t.engine.library.index(undefined, { quick: true });
    expect(next).toMatchObject({ added: 3, removed: 0, updated: 0, moved: 0, movedChanged: 0, unchanged: 1 });
    expect(await t.engine.library.index(undefined, { quick: true })).toMatchObject({ added: 0, unchanged: 4 });
  }, 300_000);

  it('stopped in the deep pass, after the quick pass and the comparison', async () => {
    copyPhotos(caltechSample(['airplanes'], 2), path.join(lib, 'more'));
    const stop = new StopInDeepPass();
    await expect(t.engine.library.index(stop)).rejects.toBeInstanceOf(JobCancelledError);
    expect(stop.stopped).toBe(true);
    const next = await t.engine.library.index(undefined, { quick: true });
    expect(next).toMatchObject({ added: 2, removed: 0, unchanged: 4 });
    expect(await t.engine.library.index(undefined, { quick: true })).toMatchObject({ added: 0, unchanged: 6 });
  }, 300_000);

  it('a photo a stopped run added and that was deleted since is neither added nor removed', async () => {
    const [first, second] = copyPhotos(caltechSample(['Faces'], 2), path.join(lib, 'gone'));
    const stop = new StopAfterQuickPassOf(first);
    await expect(t.engine.library.index(stop, { quick: true })).rejects.toBeInstanceOf(JobCancelledError);
    fs.unlinkSync(first);
    const next = await t.engine.library.index(undefined, { quick: true });
    expect(next).toMatchObject({ added: 1, removed: 0, unchanged: 6 });
    expect(t.engine.library.photoIdAt(second)).not.toBeNull();
  }, 300_000);
});
