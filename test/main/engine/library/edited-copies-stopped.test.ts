// A photo moved and edited between two runs keeps the user's decisions even when the run that first saw the edited
// copy was stopped after its quick pass and before the comparison with the photos that went (Ctrl-C, the app closed):
// the next run, for which the copy is no longer new, still compares it before it removes anything. Real models, a
// real catalog; the stop is the job's own cancel, at the moment the copy's quick pass is through.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoupeEngine } from '../../../../src/main/engine/engine.js';
import { JobCancelledError } from '../../../../src/main/engine/jobs/job.js';
import { caltechSample, copyPhotos, makeTempDir } from '../../../helpers/fixtures.js';
import { useIndexedLibrary } from '../../../helpers/indexed-library.js';
import { awaitingComparisonIn } from '../../../helpers/catalog-peek.js';
import { StopAfterQuickPassOf } from '../../../helpers/stop-job.js';

const userTags = (engine: LoupeEngine, id: number) => engine.tags.tagsOf(id).tags.filter((t) => t.source === 'user').map((t) => t.name);

/** The photo at `from`, 70 % of its size, saved at quality 80 at `to`; the original deleted. */
async function moveEdited(from: string, to: string): Promise<void> {
  const { width } = await sharp(from).metadata();
  await sharp(from).resize(Math.round(width! * 0.7)).jpeg({ quality: 80 }).toFile(to);
  fs.unlinkSync(from);
}

describe('`loupe index` stopped between the quick pass and the comparison, then run again', () => {
  const tmp = makeTempDir();
  const lib = path.join(tmp.dir, 'Photos');
  const home = path.join(tmp.dir, 'home');
  const edited = path.join(lib, 'edited');
  const copy = path.join(edited, 'a-edit.jpg');
  const broken = path.join(edited, 'b-broken.jpg');
  let engine: LoupeEngine;
  let keptId = 0;
  let deletedId = 0;
  let others: string[] = [];
  let stop: StopAfterQuickPassOf;
  let stopped: unknown;
  const warnings: string[] = [];
  let second: Awaited<ReturnType<LoupeEngine['library']['index']>>;

  beforeAll(async () => {
    const [kept, deleted] = copyPhotos(caltechSample(['bonsai'], 2), lib);
    engine = LoupeEngine.open({ home, warn: () => {} });
    await engine.library.addFolder(lib);
    await engine.library.index(undefined, { quick: true });
    keptId = engine.library.photoIdAt(kept)!;
    deletedId = engine.library.photoIdAt(deleted)!;
    engine.tags.add(keptId, 'kept by hand');
    engine.marks.set([keptId], { rating: 4 });
    engine.tags.add(deletedId, 'deleted one');
    await engine.close();

    // between the runs: one photo moved and edited, one deleted; a file that is no picture and two other photos come
    fs.mkdirSync(edited);
    await moveEdited(kept, copy);
    fs.unlinkSync(deleted);
    fs.writeFileSync(broken, 'not a picture at all');
    others = copyPhotos(caltechSample(['Leopards'], 2), path.join(edited, 'z-more'));

    // the run that sees them is stopped once the edited copy is through the quick pass
    engine = LoupeEngine.open({ home, warn: () => {}, concurrency: 1 });
    stop = new StopAfterQuickPassOf(copy);
    stopped = await engine.library.index(stop, { quick: true }).catch((err: unknown) => err);
    await engine.close();

    // and run again (a new process, as after Ctrl-C)
    engine = LoupeEngine.open({ home, warn: (m) => warnings.push(m) });
    second = await engine.library.index(undefined, { quick: true });
  }, 600_000);

  afterAll(async () => {
    await engine?.close();
    tmp.cleanup();
  });

  it('the first run was stopped inside the quick pass, after the edited copy', () => {
    expect(stopped).toBeInstanceOf(JobCancelledError);
    expect(stop.early).toBe(true);
  });

  it('the next run gives the edited copy its old row and decisions', () => {
    expect(warnings).toEqual([]);
    // the other new photos and the file that is no picture: added by the stopped run, which could not say so
    expect(second).toMatchObject({ movedChanged: 1, removed: 1, added: others.length + 1 });
    expect(engine.library.photoIdAt(copy)).toBe(keptId);
    expect(userTags(engine, keptId)).toEqual(['kept by hand']);
    expect(engine.marks.marksOf(keptId)).toMatchObject({ rating: 4 });
    expect(engine.library.info(keptId)?.state).toBe('ready');
  });

  it('gives nothing to the other new photos; the deleted photo goes, whatever failed to decode', () => {
    for (const file of others) {
      const id = engine.library.photoIdAt(file)!;
      expect(id, file).not.toBeNull();
      expect(userTags(engine, id), file).toEqual([]);
      expect(engine.marks.marksOf(id)?.rating ?? 0, file).toBe(0);
    }
    expect(engine.library.info(deletedId)).toBeNull();
    // the file that is no picture stays listed as failed, and holds nothing back
    expect(engine.library.status().failed.map((f) => f.path)).toContain(broken);
    expect(awaitingComparisonIn(home)).toEqual([]);
  });

  it('a third run changes nothing', async () => {
    const third = await engine.library.index(undefined, { quick: true });
    expect(third).toMatchObject({ added: 0, movedChanged: 0, removed: 0 });
    expect(engine.library.photoIdAt(copy)).toBe(keptId);
    expect(userTags(engine, keptId)).toEqual(['kept by hand']);
  }, 300_000);
});

describe('a photo that failed to decode keeps no gone photo waiting', () => {
  const t = useIndexedLibrary(caltechSample(['bonsai'], 1));
  const { lib, home } = t;
  const broken = path.join(lib, 'broken.jpg');

  it('the deleted photo goes in the run that found it gone, the broken file waits no more', async () => {
    const [only] = fs.readdirSync(lib).map((f) => path.join(lib, f));
    const id = t.engine.library.photoIdAt(only)!;
    t.engine.tags.add(id, 'mine');
    fs.unlinkSync(only);
    // a cut-off JPEG header: it is catalogued, then fails its quick pass
    fs.writeFileSync(broken, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]));
    const run = await t.engine.library.index(undefined, { quick: true });
    expect(run).toMatchObject({ added: 1, removed: 1, movedChanged: 0 });
    expect(run.failed.map((f) => f.path)).toEqual([broken]);
    expect(t.engine.library.info(id)).toBeNull();
    expect(awaitingComparisonIn(home)).toEqual([]);
  }, 300_000);
});

describe("the watcher's batch stopped before the comparison, then the app opened again", () => {
  const t = useIndexedLibrary(caltechSample(['bonsai'], 2), { concurrency: 1 });
  const { lib, home } = t;

  it('the opening index run compares what the batch catalogued with what went', async () => {
    const [name] = fs.readdirSync(lib).filter((f) => f.endsWith('.jpg')).sort();
    const old = path.join(lib, name);
    const id = t.engine.library.photoIdAt(old)!;
    t.engine.tags.add(id, 'kept by hand');
    const copy = path.join(lib, 'edited', 'a-edit.jpg');
    fs.mkdirSync(path.dirname(copy));
    await moveEdited(old, copy);
    const [other] = copyPhotos(caltechSample(['Leopards'], 1), path.join(lib, 'edited', 'z-more'));

    // the watcher sees the removal in one batch, the edited copy (and another photo) in the next, and the app is
    // closed as that batch's quick pass is through the copy
    expect(await t.engine.library.indexPaths([old])).toMatchObject({ removed: 0, movedChanged: 0 });
    const stop = new StopAfterQuickPassOf(copy);
    await expect(t.engine.library.indexPaths([copy, other], stop)).rejects.toBeInstanceOf(JobCancelledError);
    expect(stop.early).toBe(true);
    await t.engine.close();

    t.engine = LoupeEngine.open({ home, warn: () => {} });
    const opening = await t.engine.library.index(undefined, { quick: true });
    expect(opening).toMatchObject({ movedChanged: 1, removed: 0 });
    expect(t.engine.library.photoIdAt(copy)).toBe(id);
    expect(userTags(t.engine, id)).toEqual(['kept by hand']);
    expect(userTags(t.engine, t.engine.library.photoIdAt(other)!)).toEqual([]);
    expect(awaitingComparisonIn(home)).toEqual([]);
  }, 300_000);
});

describe("the watcher's batch stopped before the comparison, the app still open", () => {
  const t = useIndexedLibrary(caltechSample(['bonsai'], 2), { concurrency: 1 });
  const { lib } = t;

  it("the next batch compares what the stopped one catalogued with what went in it", async () => {
    const [name] = fs.readdirSync(lib).filter((f) => f.endsWith('.jpg')).sort();
    const old = path.join(lib, name);
    const id = t.engine.library.photoIdAt(old)!;
    t.engine.tags.add(id, 'kept by hand');
    const copy = path.join(lib, 'edited', 'a-edit.jpg');
    fs.mkdirSync(path.dirname(copy));
    await moveEdited(old, copy);
    const [other] = copyPhotos(caltechSample(['Leopards'], 1), path.join(lib, 'edited', 'z-more'));

    // the removal and the edited copy in one batch, cancelled from the UI as its quick pass is through the copy
    const stop = new StopAfterQuickPassOf(copy);
    await expect(t.engine.library.indexPaths([old, copy, other], stop)).rejects.toBeInstanceOf(JobCancelledError);
    expect(stop.early).toBe(true);
    expect(t.engine.library.hasPendingRemovals()).toBe(true);

    // the batch that settles the vanished file once its grace is over (here at once)
    const settle = await t.engine.library.indexPaths([], undefined, 0);
    expect(settle).toMatchObject({ movedChanged: 1, removed: 0 });
    expect(t.engine.library.photoIdAt(copy)).toBe(id);
    expect(userTags(t.engine, id)).toEqual(['kept by hand']);
    expect(t.engine.library.hasPendingRemovals()).toBe(false);
  }, 300_000);
});

describe('a photo left waiting by a stopped run, then deleted itself', () => {
  const t = useIndexedLibrary(caltechSample(['bonsai'], 1), { concurrency: 1 });
  const { lib, home } = t;

  it('counts as removed, not as a copy of itself', async () => {
    const [first, second] = copyPhotos(caltechSample(['Leopards'], 2), path.join(lib, 'new'));
    const stop = new StopAfterQuickPassOf(first);
    await expect(t.engine.library.index(stop, { quick: true })).rejects.toBeInstanceOf(JobCancelledError);
    expect(stop.early).toBe(true);
    expect(awaitingComparisonIn(home)).toEqual([first, second]);
    fs.unlinkSync(first);
    const run = await t.engine.library.index(undefined, { quick: true });
    // the stopped run never said it added them: the one still there is added now, the one gone since is neither
    expect(run).toMatchObject({ added: 1, movedChanged: 0, removed: 0 });
    expect(t.engine.library.photoIdAt(first)).toBeNull();
    expect(t.engine.library.photoIdAt(second)).not.toBeNull();
    expect(awaitingComparisonIn(home)).toEqual([]);
  }, 300_000);
});
