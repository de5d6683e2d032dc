// A photo both moved and edited between two runs (an editor saved it into another folder and the original was
// deleted) keeps what the user decided about it, through `loupe index`, with the real models and a real catalog; a
// different photo in its place, or two look-alikes of one gone photo, take nothing.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoupeEngine } from '../../../../src/main/engine/engine.js';
import { caltechSample, copyPhotos, makeTempDir, REPO_ROOT } from '../../../helpers/fixtures.js';
import { runCli } from '../../../helpers/run-cli.js';

const FACES = path.join(REPO_ROOT, 'test', 'fixtures', 'faces');

type Box = [number, number, number, number];
const centre = (b: readonly number[]): [number, number] => [b[0] + b[2] / 2, b[1] + b[3] / 2];

describe('a photo moved and edited between two runs keeps the user decisions', () => {
  const tmp = makeTempDir();
  const lib = path.join(tmp.dir, 'Photos');
  const home = path.join(tmp.dir, 'home');
  const p = (...rel: string[]) => path.join(lib, ...rel);
  let summary = '';
  let engine: LoupeEngine;
  let groupId = 0;
  let anneId = 0;
  let removedAuto = '';
  const named: { name: string; box: Box }[] = [];
  const userTags = (id: number) => engine.tags.tagsOf(id).tags.filter((t) => t.source === 'user').map((t) => t.name);
  // the edit: 5 % cut off every side, then 70 % of the size, 10 % brighter, saved at quality 80, stored sideways
  // with EXIF orientation 8 (it displays turned a quarter anticlockwise: the user turned it in the editor)
  const W = 560;
  const H = 379;
  const cut = { left: Math.round(W * 0.05), top: Math.round(H * 0.05), width: Math.round(W * 0.9), height: Math.round(H * 0.9) };
  const scale = 0.7;
  /** where a point of the original lands in the edited photo as displayed (turned anticlockwise: x' = y, y' = W' - x) */
  const edited = (x: number, y: number): [number, number] => [(y - cut.top) * scale, (cut.width - (x - cut.left)) * scale];

  beforeAll(async () => {
    fs.mkdirSync(p('edited'), { recursive: true });
    fs.copyFileSync(path.join(FACES, 'qt-logo.jpg'), p('group.jpg'));
    fs.copyFileSync(path.join(FACES, 'anne-helene.jpg'), p('anne.jpg'));
    fs.copyFileSync(path.join(FACES, 'jesper-2.jpg'), p('jesper.jpg'));
    copyPhotos(caltechSample(['airplanes'], 2), lib);
    engine = LoupeEngine.open({ home, warn: () => {} });
    await engine.library.addFolder(lib);
    await engine.library.index();

    groupId = engine.library.photoIdAt(p('group.jpg'))!;
    anneId = engine.library.photoIdAt(p('anne.jpg'))!;
    const faces = engine.people.people.facesOfFile(groupId).filter((f) => f.quality === 'ok').sort((a, b) => a.box[0] - b.box[0]);
    expect(faces.length).toBeGreaterThanOrEqual(2);
    // two faces named: each name must stay on its own face, found again on the edited pixels
    for (const [face, name] of [[faces[0], 'Lars'], [faces[faces.length - 1], 'Jesper']] as const) {
      engine.people.people.nameFace(face.id!, name);
      named.push({ name, box: face.box as Box });
    }
    engine.tags.add(groupId, 'office party');
    engine.marks.set([groupId], { rating: 4, favourite: true });
    engine.places.set(groupId, { name: 'Hangzhou, China' });
    engine.dates.change([groupId], { set: '2016-12-24 19:30' });
    engine.marks.addToAlbum(engine.marks.createAlbum('Team').id, [groupId]);
    // an automatic tag the user took off: the edited photo's own tagging must not bring it back
    removedAuto = engine.tags.tagsOf(groupId).tags.find((t) => t.source === 'auto')?.name ?? '';
    expect(removedAuto).not.toBe('');
    engine.tags.remove(groupId, removedAuto);
    engine.tags.add(anneId, 'anne only');
    engine.marks.set([anneId], { rating: 5 });
    engine.tags.add(engine.library.photoIdAt(p('jesper.jpg'))!, 'jesper only');
    await engine.close();

    // moved and edited
    await sharp(p('group.jpg'))
      .extract(cut)
      .resize(Math.round(cut.width * scale))
      .modulate({ brightness: 1.1 })
      .withMetadata({ orientation: 8 })
      .jpeg({ quality: 80 })
      .toFile(p('edited', 'group-edited.jpg'));
    fs.unlinkSync(p('group.jpg'));
    // a different photo where another one went
    fs.unlinkSync(p('anne.jpg'));
    copyPhotos(caltechSample(['Leopards'], 1), p('edited'));
    // one gone photo, two edited look-alikes of it: neither may take its decisions
    await sharp(p('jesper.jpg')).resize(400).jpeg({ quality: 80 }).toFile(p('edited', 'jesper-small.jpg'));
    await sharp(p('jesper.jpg')).modulate({ brightness: 1.1 }).jpeg({ quality: 85 }).toFile(p('edited', 'jesper-bright.jpg'));
    fs.unlinkSync(p('jesper.jpg'));

    const r = runCli(['index', '--home', home]);
    expect(r.code, r.stderr).toBe(0);
    summary = r.stdout;
    engine = LoupeEngine.open({ home, warn: () => {} });
  }, 600_000);

  afterAll(async () => {
    await engine?.close();
    tmp.cleanup();
  });

  it('reports it in the run counts', () => {
    expect(summary).toContain('1 moved and changed');
    expect(summary).toContain('3 added');
    expect(summary).toContain('2 removed');
  });

  it('keeps the row, the hand tag, the removed automatic tag, the stars, the favourite, the album, the place and the date set by hand', () => {
    const id = engine.library.photoIdAt(p('edited', 'group-edited.jpg'));
    expect(id).toBe(groupId);
    expect(userTags(groupId)).toContain('office party');
    expect(engine.marks.marksOf(groupId)).toMatchObject({ rating: 4, favourite: true });
    expect(engine.marks.albumsOf(groupId).map((a) => a.name)).toEqual(['Team']);
    expect(engine.tags.tagsOf(groupId).tags.map((t) => t.name)).not.toContain(removedAuto);
    expect(engine.places.placeOf(groupId).place?.city).toBe('Hangzhou');
    expect(engine.dates.dateOf(groupId)).toMatchObject({ takenAt: expect.stringMatching(/^2016-12-24T19:30/), source: 'user' });
    const info = engine.library.info(groupId)!;
    expect(info.state).toBe('ready');
  });

  it('keeps each name on its own face, found again where the edit moved it', () => {
    const faces = engine.people.people.facesOfFile(groupId);
    for (const { name, box } of named) {
      const face = faces.find((f) => f.name === name);
      expect(face, name).toBeDefined();
      const [ex, ey] = edited(...centre(box));
      const [fx, fy] = centre(face!.box);
      // within a quarter of the face's size of where the edit put it
      expect(Math.hypot(fx - ex, fy - ey), name).toBeLessThan(0.25 * Math.max(box[2], box[3]) * scale);
    }
  });

  it('gives nothing to a different photo in the new place, nor to either of two look-alikes', () => {
    const leopard = fs.readdirSync(p('edited')).find((f) => !f.startsWith('group') && !f.startsWith('jesper'))!;
    for (const file of [leopard, 'jesper-small.jpg', 'jesper-bright.jpg']) {
      const id = engine.library.photoIdAt(p('edited', file))!;
      expect(id, file).not.toBeNull();
      expect(id).not.toBe(anneId);
      expect(userTags(id), file).toEqual([]);
      expect(engine.marks.marksOf(id)?.rating ?? 0, file).toBe(0);
    }
    expect(engine.library.info(anneId)).toBeNull();
  });
});

describe("the watcher's batches: a photo edited and moved keeps its decisions", () => {
  const tmp = makeTempDir();
  const lib = path.join(tmp.dir, 'Photos');
  let engine: LoupeEngine;

  beforeAll(async () => {
    fs.mkdirSync(path.join(lib, 'edited'), { recursive: true });
    copyPhotos(caltechSample(['bonsai'], 3), lib);
    engine = LoupeEngine.open({ home: path.join(tmp.dir, 'home'), warn: () => {} });
    await engine.library.addFolder(lib);
    await engine.library.index(undefined, { quick: true });
  }, 300_000);

  afterAll(async () => {
    await engine.close();
    tmp.cleanup();
  });

  it('the removal seen in one batch, the edited copy in a later one', async () => {
    const [name] = fs.readdirSync(lib).filter((f) => f.endsWith('.jpg'));
    const old = path.join(lib, name);
    const id = engine.library.photoIdAt(old)!;
    engine.tags.add(id, 'kept by hand');
    const copy = path.join(lib, 'edited', `${path.parse(name).name}-edit.jpg`);
    const { width } = await sharp(old).metadata();
    await sharp(old).resize(Math.round(width! * 0.7)).jpeg({ quality: 80 }).toFile(copy);
    fs.unlinkSync(old);

    const first = await engine.library.indexPaths([old]);
    expect(first).toMatchObject({ removed: 0, added: 0, movedChanged: 0 });
    const second = await engine.library.indexPaths([copy]);
    expect(second).toMatchObject({ added: 0, movedChanged: 1, removed: 0 });
    expect(engine.library.photoIdAt(copy)).toBe(id);
    expect(engine.tags.tagsOf(id).tags.filter((t) => t.source === 'user').map((t) => t.name)).toEqual(['kept by hand']);
    // nothing left waiting to be removed: the vanished file came back
    expect(engine.library.hasPendingRemovals()).toBe(false);
  }, 300_000);
});
