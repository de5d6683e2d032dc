// Albums, favourites, ratings and labels as a user relies on them: kept when a photo moves, merged into the kept
// copy when duplicates are cleaned up, back with the copy on undo, and filterable. Real engine and catalog,
// photos drawn by the test.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoupeEngine } from '../../../../src/main/engine/engine.js';
import { PhotoQueries } from '../../../../src/main/backend/photo-queries.js';
import { drawPhoto } from '../../../helpers/drawn-photos.js';
import { makeTempDir } from '../../../helpers/fixtures.js';

describe('user marks and albums', () => {
  const tmp = makeTempDir('loupe-marks-');
  const lib = path.join(tmp.dir, 'lib');
  const a = path.join(lib, 'trip', 'a.jpg');
  const copy = path.join(lib, 'trip', 'a (1).jpg');
  const c = path.join(lib, 'c.jpg');
  let engine: LoupeEngine;
  let queries: PhotoQueries;
  const id = (p: string): number => engine.library.photoIdAt(p)!;

  beforeAll(async () => {
    await drawPhoto(a, 1);
    fs.copyFileSync(a, copy);
    await drawPhoto(c, 2);
    await drawPhoto(path.join(lib, 'trip', 'day2', 'd.jpg'), 3);
    engine = LoupeEngine.open({ home: path.join(tmp.dir, 'home'), warn: () => {}, trashDir: path.join(tmp.dir, 'Trash') });
    await engine.library.addFolder(lib);
    await engine.library.index();
    queries = new PhotoQueries(engine.database);
  }, 120_000);
  afterAll(async () => {
    await engine?.close();
    tmp.cleanup();
  });

  it('keeps marks and album membership when a photo is moved', async () => {
    const before = id(c);
    const album = engine.marks.createAlbum('  Best   of 2024 ');
    expect(album.name).toBe('Best of 2024');
    expect(() => engine.marks.createAlbum('best OF 2024')).toThrow(/already exists/);
    engine.marks.addToAlbum(album.id, [before]);
    engine.marks.set([before], { rating: 5, label: 'green', rotation: 90 });
    const moved = path.join(lib, 'moved', 'c-renamed.jpg');
    fs.mkdirSync(path.dirname(moved));
    fs.renameSync(c, moved);
    await engine.library.index();
    expect(id(moved)).toBe(before);
    expect(engine.marks.marksOf(before)).toEqual({ favourite: false, rating: 5, label: 'green', rotation: 90 });
    expect(engine.marks.albumsOf(before).map((x) => x.name)).toEqual(['Best of 2024']);
  }, 60_000);

  it('filters the grid by album, favourite, minimum rating and label, and lists sub-folders with counts', () => {
    const album = engine.marks.albumNamed('best of 2024')!;
    engine.marks.set([id(copy)], { favourite: true, rating: 4, label: 'red' });
    engine.marks.set([id(a)], { rating: 2 });
    const names = (q: Parameters<PhotoQueries['page']>[0]) => queries.page(q, 0.5).photos.map((p) => p.name).sort();
    expect(names({ album: album.id })).toEqual(['c-renamed.jpg']);
    expect(names({ favourite: true })).toEqual(['a (1).jpg']);
    expect(names({ minRating: 3 })).toEqual(['a (1).jpg', 'c-renamed.jpg']);
    expect(names({ label: 'red' })).toEqual(['a (1).jpg']);
    expect(queries.page({ favourite: true }, 0.5).photos[0].marks).toEqual({ favourite: true, rating: 4, label: 'red', rotation: 0 });
    expect(queries.subfolders(lib)).toEqual([
      { path: path.join(lib, 'moved'), name: 'moved', count: 1 },
      { path: path.join(lib, 'trip'), name: 'trip', count: 3 },
    ]);
    expect(queries.subfolders(path.join(lib, 'trip'))).toEqual([{ path: path.join(lib, 'trip', 'day2'), name: 'day2', count: 1 }]);
  });

  it('merges the trashed copy\'s marks and albums into the keeper, and undo brings the copy back with its own', async () => {
    const trip = engine.marks.createAlbum('Trip');
    engine.marks.addToAlbum(trip.id, [id(copy)]);
    const group = (await engine.duplicates.groups('exact')).find((g) => g.members.some((m) => m.path === copy));
    expect(group, 'the byte copy forms an exact group').toBeDefined();
    const keeper = id(a);
    const result = await engine.trash.cleanUp(group!.id, keeper, [id(copy)]);
    expect(result.trashed.map((t) => t.path)).toEqual([copy]);
    expect(engine.marks.marksOf(keeper)).toEqual({ favourite: true, rating: 4, label: 'red', rotation: 0 });
    expect(engine.marks.albumsOf(keeper).map((x) => x.name)).toEqual(['Trip']);

    await engine.trash.restore(result.undoToken!);
    expect(fs.existsSync(copy)).toBe(true);
    expect(engine.marks.marksOf(id(copy))).toEqual({ favourite: true, rating: 4, label: 'red', rotation: 0 });
    expect(engine.marks.albumsOf(id(copy)).map((x) => x.name)).toEqual(['Trip']);
    // and the keeper is as it was before (trial 19: it kept the copy's stars, label and album, which then held the
    // picture twice)
    expect(engine.marks.marksOf(keeper)).toEqual({ favourite: false, rating: 2, label: null, rotation: 0 });
    expect(engine.marks.albumsOf(keeper)).toEqual([]);
    expect(engine.marks.albums().find((x) => x.name === 'Trip')?.count).toBe(1);

    // a mark the user set on the keeper after the clean-up is theirs: the restore leaves it
    const again = (await engine.duplicates.groups('exact')).find((g) => g.members.some((m) => m.path === copy))!;
    const second = await engine.trash.cleanUp(again.id, keeper, [id(copy)]);
    engine.marks.set([keeper], { rating: 5 });
    await engine.trash.restore(second.undoToken!);
    expect(engine.marks.marksOf(keeper)).toEqual({ favourite: false, rating: 5, label: null, rotation: 0 });
  }, 60_000);

  it('exports copies into a folder without moving the originals or overwriting anything', async () => {
    const out = path.join(tmp.dir, 'export', 'new');
    const first = await engine.exports.exportCopies([id(a)], out);
    const second = await engine.exports.exportCopies([id(a), 999_999], out);
    expect(first.copied.map((x) => path.basename(x.to))).toEqual(['a.jpg']);
    expect(second.copied.map((x) => path.basename(x.to))).toEqual(['a (1).jpg']);
    expect(second.failed).toEqual([{ id: 999_999, path: null, reason: expect.stringContaining('not in the catalog') }]);
    expect(fs.readFileSync(path.join(out, 'a (1).jpg')).equals(fs.readFileSync(a))).toBe(true);
    expect(fs.existsSync(a)).toBe(true);
  });

  it('says which photos have a thumbnail yet, so the grid shows a placeholder instead of a broken image', () => {
    expect(queries.page({}, 0.5).photos.every((p) => p.ready === true)).toBe(true);
    const folderId = (engine.database.prepare('SELECT folder_id FROM files WHERE path = ?').get(a) as { folder_id: number }).folder_id;
    const ghost = engine.database
      .prepare("INSERT INTO files (folder_id, path, size, mtime_ms, content_hash, state, added_at, updated_at) VALUES (?, ?, 1, 1, 'h', 'pending', 1, 1)")
      .run(folderId, path.join(lib, 'zz-not-yet.jpg')).lastInsertRowid;
    const row = queries.page({ sort: 'name' }, 0.5).photos.find((p) => p.id === Number(ghost));
    expect(row?.ready).toBe(false);
    engine.database.prepare('DELETE FROM files WHERE id = ?').run(ghost);
  });

  it('deletes an album without touching its photos', () => {
    const trip = engine.marks.albumNamed('Trip')!;
    engine.marks.deleteAlbum(trip.id);
    expect(engine.marks.albumNamed('Trip')).toBeNull();
    expect(engine.library.photoIdAt(copy)).not.toBeNull();
    expect(() => engine.marks.set([id(a)], { rating: 7 })).toThrow(/0 to 5/);
  });
});
