import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LoupeEngine } from '../../../../src/main/engine/engine.js';
import { LibraryWatcher } from '../../../../src/main/engine/watch/library-watcher.js';
import type { IndexSummary } from '../../../../src/shared/library-types.js';
import { caltechSample, copyPhotos, makeTempDir, TEST_PHOTOS, waitFor } from '../../../helpers/fixtures.js';
import { cataloguedPaths } from '../../../helpers/catalog-peek.js';

describe('LibraryWatcher follows the library live (real @parcel/watcher, real files)', () => {
  let tmp: { dir: string; cleanup: () => void };
  let lib: string;
  let engine: LoupeEngine;
  let watcher: LibraryWatcher;
  const batches: IndexSummary[] = [];
  const total = (k: keyof Omit<IndexSummary, 'failed' | 'damaged' | 'seconds'>) => batches.reduce((n, b) => n + b[k], 0);

  beforeEach(async () => {
    tmp = makeTempDir();
    lib = path.join(tmp.dir, 'lib');
    copyPhotos(caltechSample(['cup'], 2), lib);
    engine = LoupeEngine.open({ home: path.join(tmp.dir, 'home'), warn: () => {} });
    await engine.library.addFolder(lib);
    await engine.library.index();
    watcher = new LibraryWatcher(engine.library, { debounceMs: 150, moveGraceMs: 800, writeStabilityMs: 200, removalGraceMs: 1500 });
    watcher.on('batch', (b) => batches.push(b));
    await watcher.start([lib]);
  });

  afterEach(async () => {
    await watcher.close();
    await engine.close();
    tmp.cleanup();
    batches.length = 0;
  });

  it('indexes a photo copied in, keeps identity across a move, and forgets a deleted one', async () => {
    const src = path.join(TEST_PHOTOS, caltechSample(['pizza'], 1)[0]);
    const added = path.join(lib, 'new.jpg');
    fs.copyFileSync(src, added);
    await waitFor(() => total('added') === 1, 15_000, 'the new photo to be indexed');
    await watcher.idle();
    const record = engine.library.info(engine.library.photoIdAt(added)!)!;
    expect(record.state).toBe('ready');

    fs.mkdirSync(path.join(lib, 'album'));
    const movedTo = path.join(lib, 'album', 'renamed.jpg');
    fs.renameSync(added, movedTo);
    await waitFor(() => total('moved') === 1, 15_000, 'the move to be seen');
    await watcher.idle();
    expect(engine.library.photoIdAt(movedTo)!).toBe(record.id);
    expect(total('removed')).toBe(0);

    fs.unlinkSync(movedTo);
    await waitFor(() => total('removed') === 1, 15_000, 'the deletion to be seen');
    expect(engine.library.status().files).toBe(2);
  });

  it('keeps identity and user tags when the two halves of a move arrive in separate batches', async () => {
    const photo = path.join(lib, fs.readdirSync(lib).find((f) => f.endsWith('.jpg'))!);
    const before = engine.library.info(engine.library.photoIdAt(photo)!)!;
    engine.tags.add(engine.library.photoIdAt(photo)!, 'keep me');
    const outside = path.join(tmp.dir, 'parked.jpg');
    fs.renameSync(photo, outside); // out of the library (a slow move to another disk, say)...
    await waitFor(() => batches.length > 0, 15_000, 'the removal batch');
    await watcher.idle();
    expect(total('removed')).toBe(0); // ...not forgotten yet
    fs.mkdirSync(path.join(lib, 'later'));
    const back = path.join(lib, 'later', 'back.jpg');
    fs.renameSync(outside, back); // ...and in again, a batch later
    await waitFor(() => total('moved') === 1, 15_000, 'the late half of the move');
    await watcher.idle();
    const after = engine.library.info(engine.library.photoIdAt(back)!)!;
    expect(after.id).toBe(before.id);
    expect(engine.tags.tagsOf(engine.library.photoIdAt(back)!).tags.map((t) => t.name)).toContain('keep me');
    await new Promise((r) => setTimeout(r, 2000)); // past the grace period: nothing is removed
    expect(total('removed')).toBe(0);
    expect(engine.library.status().files).toBe(2);
  });

  it('takes a burst of files in few batches and loses none', async () => {
    const burst = caltechSample(['crab', 'ketch', 'lamp'], 4);
    copyPhotos(burst, path.join(lib, 'import'));
    await waitFor(() => total('added') === burst.length, 30_000, 'all files of the burst');
    await watcher.idle();
    expect(engine.library.status()).toMatchObject({ files: 2 + burst.length, pending: 0 });
    expect(batches.length).toBeLessThan(burst.length);
  });
});

describe('LibraryWatcher: copies in progress, camera imports, what it must not see', () => {
  let tmp: { dir: string; cleanup: () => void };
  let lib: string;
  let home: string;
  let engine: LoupeEngine;
  let watcher: LibraryWatcher;
  const batches: IndexSummary[] = [];
  const errors: Error[] = [];
  const total = (k: 'added' | 'updated' | 'moved' | 'removed') => batches.reduce((n, b) => n + b[k], 0);

  beforeEach(async () => {
    tmp = makeTempDir();
    lib = path.join(tmp.dir, 'lib');
    fs.mkdirSync(lib);
    home = path.join(lib, 'loupe-home'); // the library home inside a watched folder: never reported
    engine = LoupeEngine.open({ home, warn: () => {} });
    await engine.library.addFolder(lib);
    watcher = new LibraryWatcher(engine.library, { debounceMs: 150, moveGraceMs: 800, writeStabilityMs: 1000, exclude: [home] });
    watcher.on('batch', (b) => batches.push(b));
    watcher.on('error', (e) => errors.push(e));
    // a folder that is not there (an unplugged disk) is skipped; the others are watched
    await watcher.start([lib, path.join(tmp.dir, 'unplugged')]);
  });

  afterEach(async () => {
    await watcher.close();
    await engine.close();
    tmp.cleanup();
    batches.length = 0;
    errors.length = 0;
  });

  it('reads a photo still being copied only once it is whole, and indexes it once', async () => {
    const bytes = fs.readFileSync(path.join(TEST_PHOTOS, caltechSample(['pizza'], 1)[0]));
    const target = path.join(lib, 'copying.jpg');
    const steps = 5;
    for (let i = 1; i <= steps; i++) {
      // a slow copy: the file grows in steps, with pauses well inside the quiet time
      fs.appendFileSync(target, bytes.subarray(Math.floor(((i - 1) * bytes.length) / steps), Math.floor((i * bytes.length) / steps)));
      await new Promise((r) => setTimeout(r, 400));
    }
    await waitFor(() => total('added') === 1, 20_000, 'the copied photo');
    await watcher.idle();
    const record = engine.library.info(engine.library.photoIdAt(target)!)!;
    expect(record).toMatchObject({ state: 'ready', size: bytes.length });
    expect(batches.flatMap((b) => b.failed)).toEqual([]);
    expect(total('updated')).toBe(0);
    expect(errors).toEqual([]);
  });

  it('sees a camera import into new nested folders, and nothing hidden or inside the library home', async () => {
    copyPhotos(caltechSample(['crab'], 2), path.join(lib, '.thumbnails')); // a hidden folder
    copyPhotos(caltechSample(['lamp'], 1), path.join(home, 'imports')); // the library home
    fs.copyFileSync(path.join(TEST_PHOTOS, caltechSample(['ketch'], 1)[0]), path.join(lib, '.hidden.jpg'));
    const imported = copyPhotos(caltechSample(['ketch', 'pizza'], 2), path.join(lib, 'DCIM', '100CANON', 'day one'));
    await waitFor(() => total('added') === imported.length, 30_000, 'the imported photos');
    await watcher.idle();
    for (const p of imported) expect(engine.library.info(engine.library.photoIdAt(p)!)!.state).toBe('ready');
    expect(engine.library.status().files).toBe(imported.length);
    expect(errors).toEqual([]);
  });

  it('keeps following new nested folders after the import: a photo added there later is seen, the tree removed too', async () => {
    // `mkdir -p` then a copy: the inotify backend alone missed the deeper folders for good (trial 17)
    const deep = path.join(lib, 'import', '2026', '12', 'DCIM', '100CANON');
    const first = copyPhotos(caltechSample(['crab'], 1), deep);
    await waitFor(() => total('added') === 1, 30_000, 'the imported photo');
    await watcher.idle();
    const later = copyPhotos(caltechSample(['lamp'], 1), deep);
    const beside = copyPhotos(caltechSample(['pizza'], 1), path.join(lib, 'import', '2026', '12'));
    await waitFor(() => total('added') === 3, 30_000, 'the photos added later to the new folders');
    await watcher.idle();
    for (const p of [...first, ...later, ...beside]) expect(engine.library.info(engine.library.photoIdAt(p)!)!.state).toBe('ready');
    const seen = batches.length;
    expect(watcher.watchedTrees()).toEqual([path.join(lib, 'import')]);
    fs.rmSync(path.join(lib, 'import'), { recursive: true }); // the tree's own subscription loses its folder
    await waitFor(() => batches.length > seen, 30_000, 'the removal to be seen');
    await watcher.idle();
    expect(watcher.watchedTrees()).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('releases a new folder tree\'s own watch once the tree is renamed, or moved out of the library (to a trash)', async () => {
    const first = copyPhotos(caltechSample(['crab'], 1), path.join(lib, 'import', '2026', '12', 'DCIM'));
    await waitFor(() => total('added') === 1, 30_000, 'the imported photo');
    await watcher.idle();
    expect(watcher.watchedTrees()).toEqual([path.join(lib, 'import')]);
    // renamed in a file manager: the new name is a new tree; the old name's watch (which followed the folder, not
    // its path) is let go
    const renamed = path.join(lib, 'Trip 2026');
    fs.renameSync(path.join(lib, 'import'), renamed);
    await waitFor(() => total('moved') === 1, 30_000, 'the rename to be seen');
    await watcher.idle();
    expect(watcher.watchedTrees()).toEqual([renamed]);
    expect(engine.library.photoIdAt(path.join(renamed, path.relative(path.join(lib, 'import'), first[0])))).not.toBeNull();
    const later = copyPhotos(caltechSample(['lamp'], 1), path.join(renamed, '2026', '12', 'DCIM'));
    await waitFor(() => total('added') === 2, 30_000, 'a photo added to the renamed tree');
    await watcher.idle();
    expect(engine.library.info(engine.library.photoIdAt(later[0])!)!.state).toBe('ready');
    // moved to a trash outside the library: nothing of it is watched any more
    const trash = path.join(tmp.dir, 'Trash');
    fs.mkdirSync(trash);
    const seen = batches.length;
    fs.renameSync(renamed, path.join(trash, 'Trip 2026'));
    await waitFor(() => batches.length > seen, 30_000, 'the move out to be seen');
    await watcher.idle();
    expect(watcher.watchedTrees()).toEqual([]);
    expect(errors).toEqual([]);
  });
});

describe('LibraryWatcher on a library folder that is a symlink', () => {
  it('reports changes under the folder path the catalog knows, not the link target', async () => {
    const tmp = makeTempDir();
    const real = path.join(tmp.dir, 'disk', 'Pictures');
    fs.mkdirSync(real, { recursive: true });
    const lib = path.join(tmp.dir, 'Pictures'); // ~/Pictures -> a folder on another disk
    fs.symlinkSync(real, lib);
    const engine = LoupeEngine.open({ home: path.join(tmp.dir, 'home'), warn: () => {} });
    await engine.library.addFolder(lib);
    const watcher = new LibraryWatcher(engine.library, { debounceMs: 150, writeStabilityMs: 200 });
    const added: number[] = [];
    watcher.on('batch', (b) => added.push(b.added));
    try {
      await watcher.start([lib]);
      const [photo] = copyPhotos(caltechSample(['pizza'], 1), lib);
      await waitFor(() => added.includes(1), 20_000, 'the photo copied in through the link');
      await watcher.idle();
      expect(engine.library.photoIdAt(photo)).not.toBeNull();
      expect(engine.library.status().files).toBe(1);
    } finally {
      await watcher.close();
      await engine.close();
      tmp.cleanup();
    }
  });
});

describe('LibraryWatcher and `loupe index` on folder links inside a library folder', () => {
  it('agree: neither follows one; a photo is catalogued once, where it really is, and a link out is listed', async () => {
    const tmp = makeTempDir();
    const lib = path.join(tmp.dir, 'Pictures');
    const lib2 = path.join(tmp.dir, 'Phone'); // another library folder
    const outside = path.join(tmp.dir, 'elsewhere');
    const [a] = copyPhotos(caltechSample(['pizza'], 1), path.join(lib, '2024', 'summer'));
    copyPhotos(caltechSample(['lamp'], 1), lib2);
    copyPhotos(caltechSample(['crab'], 1), path.join(outside, 'sub'));
    const albums = path.join(lib, 'albums');
    fs.mkdirSync(albums);
    fs.symlinkSync(path.join(lib, '2024'), path.join(albums, 'best')); // an album made of a link
    fs.symlinkSync(lib2, path.join(albums, 'phone'));
    fs.symlinkSync(outside, path.join(albums, 'out'));
    fs.symlinkSync(lib, path.join(lib, '2024', 'summer', 'loop'));
    const engine = LoupeEngine.open({ home: path.join(tmp.dir, 'home'), warn: () => {} });
    await engine.library.addFolder(lib);
    await engine.library.addFolder(lib2);
    const watcher = new LibraryWatcher(engine.library, { debounceMs: 150, writeStabilityMs: 200 });
    const batches: IndexSummary[] = [];
    watcher.on('batch', (b) => batches.push(b));
    const catalogued = (): string[] => cataloguedPaths(path.join(tmp.dir, 'home')).map((p) => path.relative(tmp.dir, p)).sort();
    const linksOut = (): string[] => engine.library.status().failed.filter((f) => f.code === 'link-outside').map((f) => path.relative(tmp.dir, f.path)).sort();
    try {
      await engine.library.index();
      const once = ['Phone/' + path.basename(fs.readdirSync(lib2)[0]), path.relative(tmp.dir, a)].sort();
      expect(catalogued()).toEqual(once);
      expect(linksOut()).toEqual(['Pictures/albums/out']);

      await watcher.start([lib, lib2]);
      // a photo added to a linked folder is seen where it is, as the next `loupe index` would see it
      const [b] = copyPhotos(caltechSample(['cup'], 1), path.join(lib, '2024', 'summer'));
      await waitFor(() => batches.some((x) => x.added === 1), 20_000, 'the photo copied in');
      await watcher.idle();
      expect(catalogued()).toEqual([...once, path.relative(tmp.dir, b)].sort());
      // links made while watched: neither looked into nor watched, the one out listed
      const seen = batches.length;
      fs.symlinkSync(path.join(lib, '2024'), path.join(albums, 'again'));
      fs.symlinkSync(outside, path.join(albums, 'out again'));
      await waitFor(() => batches.length > seen, 20_000, 'the new links');
      await watcher.idle();
      expect(catalogued()).toEqual([...once, path.relative(tmp.dir, b)].sort());
      expect(linksOut()).toEqual(['Pictures/albums/out', 'Pictures/albums/out again']);
      expect(watcher.watchedTrees()).toEqual([]);
      // and a full run agrees with what the watcher left
      const rerun = await engine.library.index();
      expect(rerun).toMatchObject({ added: 0, moved: 0, removed: 0 });
      expect(catalogued()).toEqual([...once, path.relative(tmp.dir, b)].sort());
    } finally {
      await watcher.close();
      await engine.close();
      tmp.cleanup();
    }
  });
});

describe('LibraryWatcher on a folder that is missing when it starts (an unplugged disk)', () => {
  it('watches the folder once it is back, and indexes what it brought', async () => {
    const tmp = makeTempDir();
    const lib = path.join(tmp.dir, 'Disk');
    copyPhotos(caltechSample(['cup'], 1), lib);
    const engine = LoupeEngine.open({ home: path.join(tmp.dir, 'home'), warn: () => {} });
    await engine.library.addFolder(lib);
    await engine.library.index();
    const away = path.join(tmp.dir, 'elsewhere');
    fs.renameSync(lib, away); // unplugged
    const watcher = new LibraryWatcher(engine.library, { debounceMs: 150, writeStabilityMs: 200 });
    const added: number[] = [];
    watcher.on('batch', (b) => added.push(b.added));
    try {
      await watcher.start([lib]);
      const [brought] = copyPhotos(caltechSample(['pizza'], 1), away); // written to the disk on another machine
      fs.renameSync(away, lib); // plugged in again
      await waitFor(() => added.includes(1), 20_000, 'the folder to be seen again');
      const later = path.join(lib, 'later.jpg');
      fs.copyFileSync(path.join(TEST_PHOTOS, caltechSample(['crab'], 1)[0]), later);
      await waitFor(() => added.reduce((a, b) => a + b, 0) === 2, 20_000, 'a photo copied in once it is back');
      await watcher.idle();
      expect(engine.library.photoIdAt(path.join(lib, path.basename(brought)))).not.toBeNull();
      expect(engine.library.photoIdAt(later)).not.toBeNull();
      expect(engine.library.status().files).toBe(3);
    } finally {
      await watcher.close();
      await engine.close();
      tmp.cleanup();
    }
  });
});

describe('LibraryWatcher on a folder removed while it is watched, then brought back', () => {
  it('watches it again once it is back: a photo copied in then is indexed (trial 17)', async () => {
    const tmp = makeTempDir();
    const lib = path.join(tmp.dir, 'Disk');
    const [kept] = copyPhotos(caltechSample(['cup'], 1), lib);
    const engine = LoupeEngine.open({ home: path.join(tmp.dir, 'home'), warn: () => {} });
    await engine.library.addFolder(lib);
    await engine.library.index();
    const id = engine.library.photoIdAt(kept);
    const watcher = new LibraryWatcher(engine.library, { debounceMs: 150, moveGraceMs: 300, writeStabilityMs: 200 });
    const added: number[] = [];
    const errors: Error[] = [];
    watcher.on('batch', (b) => added.push(b.added));
    watcher.on('error', (e) => errors.push(e));
    try {
      await watcher.start([lib]);
      const copy = path.join(tmp.dir, 'copy');
      fs.cpSync(lib, copy, { recursive: true });
      fs.rmSync(lib, { recursive: true }); // removed (a disk unplugged, not a rename: its inode goes)
      await waitFor(() => added.length > 0, 20_000, 'the removal to be seen');
      fs.cpSync(copy, lib, { recursive: true }); // brought back
      await new Promise((r) => setTimeout(r, 300));
      const later = path.join(lib, 'later.jpg');
      fs.copyFileSync(path.join(TEST_PHOTOS, caltechSample(['crab'], 1)[0]), later);
      await waitFor(() => engine.library.photoIdAt(later) !== null, 20_000, 'a photo copied in once it is back');
      await watcher.idle();
      expect(engine.library.photoIdAt(kept)).toBe(id);
      expect(engine.library.status().files).toBe(2);
      expect(errors).toEqual([]);
    } finally {
      await watcher.close();
      await engine.close();
      tmp.cleanup();
    }
  });
});
