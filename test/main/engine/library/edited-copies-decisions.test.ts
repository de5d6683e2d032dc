// A photo moved and edited, whose new file a stopped run catalogued and the user then worked on (tagged, rated, put
// in an album, dated, placed, named a face on) before the next run recognised it as the edit of a photo that went:
// the old row takes the new file, and what the user did on the new row comes with it, merged with the old row's, the
// later decision winning. Real models, a real catalog; the stop is the job's own cancel.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoupeEngine } from '../../../../src/main/engine/engine.js';
import { JobCancelledError } from '../../../../src/main/engine/jobs/job.js';
import type { IndexSummary } from '../../../../src/shared/library-types.js';
import { caltechSample, copyPhotos, makeTempDir } from '../../../helpers/fixtures.js';
import { StopAfterQuickPassOf } from '../../../helpers/stop-job.js';

const userTags = (engine: LoupeEngine, id: number) =>
  engine.tags.tagsOf(id).tags.filter((t) => t.source === 'user').map((t) => t.name).sort();

describe('decisions made on an edited copy before its old row took it over', () => {
  const tmp = makeTempDir();
  const lib = path.join(tmp.dir, 'Photos');
  const home = path.join(tmp.dir, 'home');
  const copy = path.join(lib, 'edited', 'a-edit.jpg');
  let engine: LoupeEngine;
  let keptId = 0;
  let copyId = 0;
  let others: string[] = [];
  let second: IndexSummary;

  beforeAll(async () => {
    const [kept] = copyPhotos(caltechSample(['bonsai'], 1), lib);
    engine = LoupeEngine.open({ home, warn: () => {} });
    await engine.library.addFolder(lib);
    await engine.library.index(undefined, { quick: true });
    keptId = engine.library.photoIdAt(kept)!;
    engine.tags.add(keptId, 'kept by hand');
    engine.marks.set([keptId], { rating: 3, label: 'red' });
    engine.marks.addToAlbum(engine.marks.createAlbum('Trip').id, [keptId]);
    await engine.close();

    // moved and edited, two other photos come; the run that sees them is stopped once the copy is through the quick pass
    fs.mkdirSync(path.dirname(copy));
    const { width } = await sharp(kept).metadata();
    await sharp(kept).resize(Math.round(width! * 0.7)).jpeg({ quality: 80 }).toFile(copy);
    fs.unlinkSync(kept);
    others = copyPhotos(caltechSample(['Leopards'], 2), path.join(lib, 'edited', 'z-more'));
    engine = LoupeEngine.open({ home, warn: () => {}, concurrency: 1 });
    const stop = new StopAfterQuickPassOf(copy);
    await expect(engine.library.index(stop, { quick: true })).rejects.toBeInstanceOf(JobCancelledError);
    expect(stop.early).toBe(true);

    // the app, open on what the stopped run catalogued: the user works on the copy, its own row for now
    copyId = engine.library.photoIdAt(copy)!;
    expect(copyId).not.toBe(keptId);
    engine.tags.add(copyId, 'on the copy');
    engine.marks.set([copyId], { favourite: true, rating: 5 });
    engine.marks.addToAlbum(engine.marks.createAlbum('Best').id, [copyId]);
    engine.dates.change([copyId], { set: '2019-05-12 14:30' });
    engine.places.set(copyId, { lat: 64.1466, lon: -21.9426 });
    const faceId = await engine.people.people.addFace(copyId, [10, 10, 60, 60]);
    engine.people.people.nameFace(faceId, 'Ann');
    await engine.close();

    engine = LoupeEngine.open({ home, warn: () => {} });
    second = await engine.library.index(undefined, { quick: true });
  }, 600_000);

  afterAll(async () => {
    await engine?.close();
    tmp.cleanup();
  });

  it('the old row takes the copy', () => {
    expect(second).toMatchObject({ movedChanged: 1, removed: 0 });
    expect(engine.library.photoIdAt(copy)).toBe(keptId);
    expect(engine.library.info(copyId)).toBeNull();
  });

  it('with the hand tags of both rows', () => {
    expect(userTags(engine, keptId)).toEqual(['kept by hand', 'on the copy']);
  });

  it('with the marks of both, the copy\'s where both hold one', () => {
    expect(engine.marks.marksOf(keptId)).toMatchObject({ favourite: true, rating: 5, label: 'red' });
  });

  it('in the albums of both', () => {
    expect(engine.marks.albumsOf(keptId).map((a) => a.name)).toEqual(['Best', 'Trip']);
  });

  it('with the date and the place set by hand on the copy', () => {
    expect(engine.dates.dateOf(keptId)).toMatchObject({ source: 'user' });
    expect(engine.dates.dateOf(keptId).takenAt).toMatch(/^2019-05-12T14:30/);
    expect(engine.places.placeOf(keptId).place?.source).toBe('user');
  });

  it('with the face named on the copy', () => {
    const faces = engine.people.people.facesOfFile(keptId);
    expect(faces.map((f) => f.name)).toEqual(['Ann']);
  });

  it('the other new photos are counted as added by this run (the stopped one said nothing)', () => {
    expect(second.added).toBe(others.length);
  });
});
