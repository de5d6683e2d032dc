import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LoupeEngine } from '../../../../src/main/engine/engine.js';
import { caltechSample, copyPhotos, makeTempDir } from '../../../helpers/fixtures.js';

describe('LibraryService: incremental indexing keeps the catalog in line with the disk', () => {
  let tmp: { dir: string; cleanup: () => void };
  let lib: string;
  let engine: LoupeEngine;
  const warnings: string[] = [];

  beforeEach(async () => {
    tmp = makeTempDir();
    lib = path.join(tmp.dir, 'Photos');
    fs.mkdirSync(path.join(lib, 'trip'), { recursive: true });
    copyPhotos(caltechSample(['airplanes', 'bonsai'], 3), lib);
    copyPhotos(caltechSample(['Leopards'], 2), path.join(lib, 'trip'));
    engine = LoupeEngine.open({ home: path.join(tmp.dir, 'home'), warn: (m) => warnings.push(m) });
    await engine.library.addFolder(lib);
  });

  afterEach(async () => {
    await engine.close();
    tmp.cleanup();
    warnings.length = 0;
  });

  it('indexes every photo once, and a second run over an unchanged library does no image work', async () => {
    const first = await engine.library.index();
    expect(first).toMatchObject({ added: 8, updated: 0, unchanged: 0, moved: 0, removed: 0, failed: [] });
    const status = engine.library.status();
    expect(status.files).toBe(8);
    expect(status.pending).toBe(0);

    const anyPhoto = path.join(lib, 'trip', fs.readdirSync(path.join(lib, 'trip'))[0]);
    const before = engine.library.info(engine.library.photoIdAt(anyPhoto)!)!;
    expect(before.state).toBe('ready');
    expect(before.width).toBeGreaterThan(0);
    expect(fs.existsSync(before.thumbnails!.small)).toBe(true);
    const thumbMtime = fs.statSync(before.thumbnails!.small).mtimeMs;

    const second = await engine.library.index();
    expect(second).toMatchObject({ added: 0, updated: 0, unchanged: 8, moved: 0, removed: 0, failed: [] });
    const after = engine.library.info(engine.library.photoIdAt(anyPhoto)!)!;
    // No stage ran again: the analyse stage's completion time and the thumbnail file are untouched.
    expect(after.stages.analyze.doneAt).toBe(before.stages.analyze.doneAt);
    expect(fs.statSync(after.thumbnails!.small).mtimeMs).toBe(thumbMtime);
  });

  it('recognises a renamed and a moved file by content: same identity, nothing re-analysed', async () => {
    await engine.library.index();
    const [a, b] = fs.readdirSync(lib).filter((f) => f.endsWith('.jpg'));
    const aBefore = engine.library.info(engine.library.photoIdAt(path.join(lib, a))!)!;
    const bBefore = engine.library.info(engine.library.photoIdAt(path.join(lib, b))!)!;

    fs.renameSync(path.join(lib, a), path.join(lib, 'renamed.jpg'));
    fs.mkdirSync(path.join(lib, 'sorted', 'deeper'), { recursive: true });
    fs.renameSync(path.join(lib, b), path.join(lib, 'sorted', 'deeper', b));

    const summary = await engine.library.index();
    expect(summary).toMatchObject({ added: 0, moved: 2, removed: 0, updated: 0, unchanged: 6 });
    const aAfter = engine.library.info(engine.library.photoIdAt(path.join(lib, 'renamed.jpg'))!)!;
    const bAfter = engine.library.info(engine.library.photoIdAt(path.join(lib, 'sorted', 'deeper', b))!)!;
    expect(aAfter.id).toBe(aBefore.id);
    expect(bAfter.id).toBe(bBefore.id);
    expect(aAfter.stages.analyze.doneAt).toBe(aBefore.stages.analyze.doneAt);
    expect(engine.library.photoIdAt(path.join(lib, a))).toBeNull();
  });

  it('re-processes an edited file in place and forgets a deleted one', async () => {
    await engine.library.index();
    const [edited, deleted] = fs.readdirSync(lib).filter((f) => f.endsWith('.jpg'));
    const editedPath = path.join(lib, edited);
    const before = engine.library.info(engine.library.photoIdAt(editedPath)!)!;

    // A real edit: crop to a square and re-encode.
    const buf = await sharp(editedPath).resize(100, 100, { fit: 'cover' }).jpeg({ quality: 80 }).toBuffer();
    fs.writeFileSync(editedPath, buf);
    fs.utimesSync(editedPath, new Date(), new Date(Date.now() + 5000));
    fs.unlinkSync(path.join(lib, deleted));

    const summary = await engine.library.index();
    expect(summary).toMatchObject({ added: 0, updated: 1, removed: 1, moved: 0, unchanged: 6 });
    const after = engine.library.info(engine.library.photoIdAt(editedPath)!)!;
    expect(after.id).toBe(before.id);
    expect(after.contentHash).not.toBe(before.contentHash);
    expect([after.width, after.height]).toEqual([100, 100]);
    expect(after.state).toBe('ready');
    expect(engine.library.photoIdAt(path.join(lib, deleted))).toBeNull();
    expect(engine.library.status().files).toBe(7);
  });

  it('keeps the photos of a folder that vanished (unplugged drive) and says why', async () => {
    await engine.library.index();
    const moved = path.join(tmp.dir, 'elsewhere');
    fs.renameSync(lib, moved);
    const summary = await engine.library.index();
    expect(summary.removed).toBe(0);
    const status = engine.library.status();
    expect(status.files).toBe(8);
    expect(status.folders[0]).toMatchObject({ path: lib, status: 'missing' });
    expect(status.folders[0].reason).toMatch(/does not exist/);
    expect(warnings.some((w) => w.includes(lib))).toBe(true);

    fs.renameSync(moved, lib); // plugged back in
    const back = await engine.library.index();
    expect(back).toMatchObject({ unchanged: 8, added: 0, removed: 0 });
    expect(engine.library.status().folders[0].status).toBe('ok');
  });

  it('says a folder gone since the last run is missing at once, before any run records it (a drive unplugged while Loupe runs)', async () => {
    await engine.library.index();
    expect(engine.library.listFolders()[0].status).toBe('ok');
    const moved = path.join(tmp.dir, 'elsewhere');
    fs.renameSync(lib, moved);
    expect(engine.library.listFolders()[0]).toMatchObject({ path: lib, status: 'missing', reason: expect.stringMatching(/does not exist/) });
    expect(engine.library.status().folders[0].status).toBe('missing');
    fs.renameSync(moved, lib);
    expect(engine.library.listFolders()[0]).toMatchObject({ status: 'ok', reason: null });
  });

  it('says a folder recorded missing is back at once, before any run records it (a drive plugged in while Loupe runs)', async () => {
    await engine.library.index();
    const moved = path.join(tmp.dir, 'elsewhere');
    fs.renameSync(lib, moved);
    await engine.library.index(); // Loupe started while it was gone: recorded missing
    fs.mkdirSync(lib); // its mount point alone: still missing
    expect(engine.library.listFolders()[0]).toMatchObject({ path: lib, status: 'missing' });
    fs.rmdirSync(lib);
    fs.renameSync(moved, lib);
    expect(engine.library.listFolders()[0]).toMatchObject({ path: lib, status: 'ok', reason: null });
    expect(engine.library.status().folders[0].status).toBe('ok');
  });

  it('keeps the photos of a folder left empty (a share not connected, its mount point behind), unlike a folder emptied of photos', async () => {
    await engine.library.index();
    const moved = path.join(tmp.dir, 'elsewhere');
    fs.renameSync(lib, moved);
    fs.mkdirSync(lib); // the mount point, without the share
    const summary = await engine.library.index();
    expect(summary.removed).toBe(0);
    expect(engine.library.status().files).toBe(8);
    expect(engine.library.status().folders[0]).toMatchObject({ path: lib, status: 'missing', reason: expect.stringMatching(/empty/) });

    fs.rmdirSync(lib);
    fs.renameSync(moved, lib); // connected again
    expect(await engine.library.index()).toMatchObject({ unchanged: 8, added: 0, removed: 0 });
    expect(engine.library.status().folders[0].status).toBe('ok');

    // every photo deleted, the folder still holding something else: the photos are gone for real
    for (const f of fs.readdirSync(lib, { recursive: true, encoding: 'utf8' })) if (f.endsWith('.jpg')) fs.rmSync(path.join(lib, f));
    fs.writeFileSync(path.join(lib, 'notes.txt'), 'kept');
    expect((await engine.library.index()).removed).toBe(8);
    expect(engine.library.status().folders[0].status).toBe('ok');
  });

  it('does not count the photos of a watched folder as removed when the whole folder goes while watched', async () => {
    await engine.library.index();
    const photos = fs.readdirSync(lib, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.jpg')).map((f) => path.join(lib, f));
    // one photo deleted: removed once its grace period is over, as the watcher reports it
    fs.rmSync(photos[0]);
    expect((await engine.library.indexPaths([photos[0]], undefined, 0)).removed).toBe(1);
    // the drive goes: every path vanishes with the folder itself
    fs.renameSync(lib, path.join(tmp.dir, 'elsewhere'));
    expect((await engine.library.indexPaths([lib, ...photos.slice(1)], undefined, 0)).removed).toBe(0);
    expect(engine.library.status().files).toBe(7);
  });

  it('refuses folders that do not exist, are files, or are already covered; a parent absorbs its children', async () => {
    await expect(engine.library.addFolder(path.join(tmp.dir, 'nope'))).rejects.toThrow(/does not exist/);
    const file = path.join(lib, fs.readdirSync(lib).find((f) => f.endsWith('.jpg'))!);
    await expect(engine.library.addFolder(file)).rejects.toThrow(/not a folder/);
    await expect(engine.library.addFolder(path.join(lib, 'trip'))).rejects.toThrow(/already in the library, inside/);
    await expect(engine.library.addFolder(lib)).rejects.toThrow(/already in the library/);

    await engine.library.index();
    const parent = await engine.library.addFolder(tmp.dir + path.sep + '.'); // normalised
    expect(parent.path).toBe(tmp.dir);
    expect(engine.library.listFolders().map((f) => f.path)).toEqual([tmp.dir]);
    expect(engine.library.status().files).toBe(8); // the child's files now belong to the parent, nothing lost
  });

  it('removing a folder forgets its records but never touches the photos', async () => {
    await engine.library.index();
    const removed = engine.library.removeFolder(lib);
    expect(removed.files).toBe(8);
    expect(engine.library.status()).toMatchObject({ files: 0, folders: [] });
    expect(fs.readdirSync(lib).filter((f) => f.endsWith('.jpg'))).toHaveLength(6);
    expect(() => engine.library.removeFolder(lib)).toThrow(/not a library folder/);
  });
});
