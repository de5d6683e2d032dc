import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEvent, LoupeEvents, PhotoSummary } from '../../../src/shared/api.js';
import { ApiError } from '../../../src/shared/api-dispatch.js';
import { createEngineBackend, type EngineBackend } from '../../../src/main/backend/engine-backend.js';
import { LoupeEngine } from '../../../src/main/engine/engine.js';
import { caltechSample, copyPhotos, makeTempDir, TEST_PHOTOS, waitFor } from '../../helpers/fixtures.js';

type Received = { [E in ApiEvent]: { event: E; payload: LoupeEvents[E] } }[ApiEvent];

async function rejectsWith(p: Promise<unknown>, code: string, message?: RegExp): Promise<void> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err, `expected ${code}`).toBeInstanceOf(ApiError);
  expect((err as ApiError).code).toBe(code);
  if (message) expect((err as ApiError).message).toMatch(message);
}

describe('engine backend over a real library (real models)', () => {
  let tmp: { dir: string; cleanup: () => void };
  let lib: string;
  let engine: LoupeEngine;
  let backend: EngineBackend;
  const events: Received[] = [];
  let all: PhotoSummary[];
  const byPrefix = (prefix: string) => all.filter((p) => p.name.startsWith(prefix));

  beforeAll(async () => {
    tmp = makeTempDir();
    lib = path.join(tmp.dir, 'lib');
    // Faces show people (auto tag person/人), dalmatians dogs (狗), motorbikes neither.
    copyPhotos(caltechSample(['Faces', 'dalmatian', 'Motorbikes'], 2), lib);
    engine = LoupeEngine.open({ home: path.join(tmp.dir, 'home'), warn: () => {}, trashDir: path.join(tmp.dir, 'trash') });
    backend = createEngineBackend({
      engine,
      appVersion: '9.9.9',
      emit: (event, payload) => events.push({ event, payload } as Received),
      watch: false,
      indexOnOpen: false,
    });
    await backend.addFolder(lib); // adding starts indexing
    await waitFor(() => events.some((e) => e.event === 'index:finished'), 150_000, 'the first index');
    all = (await backend.listPhotos({ sort: 'name' })).photos;
  }, 180_000);

  afterAll(async () => {
    await backend.close();
    await engine.close();
    tmp.cleanup();
  });

  it('addFolder indexes the folder and reports progress, the end and the changes as events', async () => {
    const progress = events.filter((e) => e.event === 'index:progress').map((e) => e.payload as LoupeEvents['index:progress']);
    const finished = events.find((e) => e.event === 'index:finished')!.payload as LoupeEvents['index:finished'];
    expect(progress.length).toBeGreaterThan(0);
    expect(new Set(progress.map((p) => p.jobId))).toEqual(new Set([finished.jobId]));
    expect(progress.at(-1)!.state).toBe('done');
    expect(finished.summary.added).toBe(6);
    expect(finished.summary.failed).toEqual([]);
    expect(events.map((e) => e.event)).toContain('library:changed');
    const folders = events.filter((e) => e.event === 'folders:changed').at(-1)!.payload as LoupeEvents['folders:changed'];
    expect(folders.folders).toMatchObject([{ path: fs.realpathSync(lib), files: 6, status: 'ok' }]);
  });

  it('status counts the library and has no job once idle', async () => {
    const s = await backend.status();
    expect(s).toMatchObject({ appVersion: '9.9.9', engineReady: true, folderCount: 1, photoCount: 6, pendingCount: 0, failedCount: 0, job: null });
    expect(s.provider).toMatch(/^(cpu|webgpu|cuda|dml|coreml)$/);
  });

  it('listPhotos pages through the library with a stable total, in each sort order', async () => {
    expect(all).toHaveLength(6);
    expect(all.map((p) => p.name)).toEqual([...all.map((p) => p.name)].sort());
    const seen: number[] = [];
    for (let offset = 0; offset < 6; offset += 4) {
      const page = await backend.listPhotos({ sort: 'date-desc', offset, limit: 4 });
      expect(page.total).toBe(6);
      expect(page.offset).toBe(offset);
      seen.push(...page.photos.map((p) => p.id));
    }
    expect(new Set(seen).size).toBe(6);
    const desc = (await backend.listPhotos({ sort: 'date-desc' })).photos;
    const asc = (await backend.listPhotos({ sort: 'date-asc' })).photos;
    expect(asc.map((p) => p.id)).toEqual([...desc].reverse().map((p) => p.id));
    for (let i = 1; i < desc.length; i++) expect((desc[i - 1].takenAt ?? '') >= (desc[i].takenAt ?? '')).toBe(true);
    const p = all[0];
    expect(p).toMatchObject({ path: path.join(fs.realpathSync(lib), p.name), width: expect.any(Number), height: expect.any(Number) });
    expect(p.version).toMatch(/^[A-Za-z0-9_-]{8,}$/);
    expect((await backend.listPhotos({ offset: 6 })).photos).toEqual([]);
  });

  it('listPhotos filters by folder, tag, camera and dates', async () => {
    const real = fs.realpathSync(lib);
    expect((await backend.listPhotos({ folder: real })).total).toBe(6);
    const dated = all.find((x) => x.takenAt)!;
    const day = dated.takenAt!.slice(0, 10);
    const sameDay = all.filter((x) => x.takenAt?.startsWith(day)).length;
    expect((await backend.listPhotos({ from: day, to: day })).total).toBe(sameDay);
    expect((await backend.listPhotos({ from: '1990-01-01', to: '1990-12-31' })).total).toBe(0);
    expect((await backend.listPhotos({ camera: 'No Such Camera 3000' })).total).toBe(0);
    const tagged = byPrefix('Motorbikes')[0];
    await backend.addTag(tagged.id, 'Road trip');
    const byTag = await backend.listPhotos({ tag: 'road trip' });
    expect(byTag.photos.map((x) => x.id)).toEqual([tagged.id]);
    await backend.removeTag(tagged.id, 'Road trip');
    expect((await backend.listPhotos({ tag: 'Road trip' })).total).toBe(0);
    // an unplugged drive: the folder is gone from disk, its photos stay listed and filterable
    const away = `${real}-unplugged`;
    fs.renameSync(real, away);
    try {
      expect((await backend.listPhotos({ folder: real })).total).toBe(6);
      // and a sub-folder of it, browsed in the folder tree: what the catalog keeps there (here none), not refused
      expect((await backend.listPhotos({ folder: path.join(real, 'trip') })).total).toBe(0);
    } finally {
      fs.renameSync(away, real);
    }
    // a sub-folder being browsed that was deleted or moved away (trial 36: refused as "not inside a library folder",
    // and the grid kept showing its photos): nothing there now
    expect((await backend.listPhotos({ folder: path.join(real, 'moved-away') })).total).toBe(0);
  });

  it('listPhotos refuses folders outside the library: a `..` path, a symlink inside pointing out, an unrelated folder', async () => {
    const outside = path.join(tmp.dir, 'outside');
    fs.mkdirSync(outside, { recursive: true });
    fs.symlinkSync(outside, path.join(lib, 'link-out'));
    try {
      await rejectsWith(backend.listPhotos({ folder: path.join(lib, 'link-out') }), 'bad-arguments', /not inside a library folder/);
      await rejectsWith(backend.listPhotos({ folder: `${lib}/../outside` }), 'bad-arguments');
      await rejectsWith(backend.listPhotos({ folder: outside }), 'bad-arguments');
    } finally {
      fs.unlinkSync(path.join(lib, 'link-out'));
    }
  });

  it('addFolder refuses a folder inside the library by name or through a symlink, and the library home', async () => {
    fs.mkdirSync(path.join(lib, 'sub'), { recursive: true });
    const alias = path.join(tmp.dir, 'alias');
    fs.symlinkSync(path.join(lib, 'sub'), alias);
    try {
      await rejectsWith(backend.addFolder(path.join(lib, 'sub')), 'bad-arguments', /already in the library/);
      await rejectsWith(backend.addFolder(alias), 'bad-arguments', /already in the library/);
      await rejectsWith(backend.addFolder(lib), 'bad-arguments', /already in the library/);
      await rejectsWith(backend.addFolder(path.join(tmp.dir, 'home')), 'bad-arguments', /library home/);
      await rejectsWith(backend.addFolder(path.join(lib, all[0].name)), 'bad-arguments', /not a folder/);
      await rejectsWith(backend.removeFolder(path.join(tmp.dir, 'elsewhere')), 'not-found');
    } finally {
      fs.unlinkSync(alias);
      fs.rmdirSync(path.join(lib, 'sub'));
    }
    expect(await backend.listFolders()).toHaveLength(1);
  });

  it('getPhoto gives the detail with automatic tags; unknown ids are not-found', async () => {
    const face = byPrefix('Faces')[0];
    const d = await backend.getPhoto(face.id);
    expect(d).toMatchObject({ id: face.id, path: face.path, folder: fs.realpathSync(lib), state: 'ready', errors: [], format: expect.any(String) });
    expect(d.bytes).toBe(fs.statSync(face.path).size);
    expect(d.tags.find((t) => t.tag === 'person')).toMatchObject({ tagZh: '人', source: 'auto', confidence: expect.any(Number) });
    await rejectsWith(backend.getPhoto(999_999), 'not-found');
  });

  it('addTag and removeTag change a photo\'s user tags; removing a tag it lacks is not-found', async () => {
    const bike = byPrefix('Motorbikes')[1];
    const after = await backend.addTag(bike.id, '旅行');
    expect(after).toContainEqual({ tag: '旅行', tagZh: null, source: 'user', confidence: null });
    expect((await backend.getPhoto(bike.id)).tags.map((t) => t.tag)).toContain('旅行');
    expect((await backend.search('旅行')).map((p) => p.id)).toEqual([bike.id]);
    // each result says what each word matched, for the search screen to say how the words were understood
    expect((await backend.search('旅行'))[0].matched).toEqual([{ term: '旅行', kind: 'tag' }]);
    const removed = await backend.removeTag(bike.id, '旅行');
    expect(removed.map((t) => t.tag)).not.toContain('旅行');
    await rejectsWith(backend.removeTag(bike.id, '旅行'), 'not-found', /has no tag/);
    await rejectsWith(backend.addTag(bike.id, '   '), 'bad-arguments');
  });

  it('search finds photos by Chinese tag names (人, 狗) and by file name', async () => {
    const people = (await backend.search('人')).map((p) => p.id).sort();
    expect(people).toEqual(byPrefix('Faces').map((p) => p.id).sort());
    // Whether the detector sees a dog in these dalmatians is its business: search must agree with the tags shown.
    const withDogTag: number[] = [];
    for (const p of all) if ((await backend.getPhoto(p.id)).tags.some((t) => t.tag === 'dog')) withDogTag.push(p.id);
    expect((await backend.search('狗')).map((p) => p.id).sort()).toEqual(withDogTag.sort());
    expect((await backend.search('dalmatian', 1))).toHaveLength(1);
  });

  it('facets count tags, cameras and years over the listed photos', async () => {
    const f = await backend.facets();
    expect(f.tags.find((t) => t.tag === 'person')).toMatchObject({ tagZh: '人', count: 2 });
    const years = f.years.reduce((n, y) => n + y.count, 0);
    expect(years).toBe(all.filter((p) => p.takenAt).length);
    for (let i = 1; i < f.years.length; i++) expect(f.years[i - 1].year).toBeGreaterThan(f.years[i].year);
  });

  it('findSimilar ranks the same kind first and leaves the query out', async () => {
    const query = byPrefix('dalmatian')[0];
    const hits = await backend.findSimilar(query.id, 3);
    expect(hits).toHaveLength(3);
    expect(hits.map((h) => h.photo.id)).not.toContain(query.id);
    expect(hits[0].photo.id).toBe(byPrefix('dalmatian')[1].id);
    for (let i = 1; i < hits.length; i++) expect(hits[i].score).toBeLessThanOrEqual(hits[i - 1].score);
    await rejectsWith(backend.findSimilar(424_242), 'not-found');
  });

  it('findSimilarToImage searches by the bytes of a JPEG from outside the library and leaves no file behind', async () => {
    const dir = path.join(TEST_PHOTOS, 'caltech101-dev', 'Motorbikes');
    const outside = path.join(dir, fs.readdirSync(dir).sort().at(-1)!);
    const hits = await backend.findSimilarToImage({ name: 'bike.jpg', dataBase64: fs.readFileSync(outside).toString('base64') }, 2);
    expect(hits.map((h) => h.photo.id).sort()).toEqual(byPrefix('Motorbikes').map((p) => p.id).sort());
    expect((await backend.status()).photoCount).toBe(6);
    const garbage = Buffer.from('this is not an image at all').toString('base64');
    await rejectsWith(backend.findSimilarToImage({ name: 'notes.jpg', dataBase64: garbage }), 'bad-arguments', /notes\.jpg/);
  });

  it('settings round-trip, and bad values change nothing', async () => {
    const before = await backend.getSettings();
    expect(before).toMatchObject({ language: null, theme: 'system', provider: 'auto' });
    // A whole list in the user's own order is kept as given (a partial one is completed in the default order).
    const reordered = [...before.keepRules].reverse();
    const after = await backend.updateSettings({ language: 'zh', theme: 'dark', tagThreshold: 0.5, keepRules: reordered });
    expect(after).toMatchObject({ language: 'zh', theme: 'dark', tagThreshold: 0.5, provider: 'auto' });
    expect(after.keepRules).toEqual(reordered);
    expect(await backend.getSettings()).toEqual(after);
    // The engine uses the threshold: person tags of 0.5 confidence or less disappear from search.
    expect(engine.settings.get('tagThreshold')).toBe(0.5);
    const bad = await backend.updateSettings({ theme: 'neon' } as never).then(() => null, (e: unknown) => e);
    expect(bad).toBeInstanceOf(ApiError);
    expect(await backend.getSettings()).toEqual(after);
    await backend.updateSettings({ language: null, theme: 'system', tagThreshold: before.tagThreshold, keepRules: before.keepRules });
    expect(await backend.getSettings()).toEqual(before);
  });

  it('media resolves only catalogued photos\' thumbnails', async () => {
    const p = all[0];
    const small = await backend.media('small', p.id);
    const large = await backend.media('large', p.id);
    expect(small?.contentType).toBe('image/jpeg');
    expect(fs.readFileSync(small!.file).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    expect(fs.statSync(large!.file).size).toBeGreaterThan(fs.statSync(small!.file).size);
    expect(small!.file.startsWith(path.join(tmp.dir, 'home'))).toBe(true);
    expect(await backend.media('small', 999_999)).toBeNull();
    expect(await backend.media('small', -1)).toBeNull();
    expect(backend.catalogedPath(p.path)).toBe(p.path);
    expect(backend.catalogedPath(path.join(p.path, '..', 'nothing.jpg'))).toBeNull();
    expect(backend.catalogedPath('/etc/passwd')).toBeNull();
  });

  it('a photo opened in the viewer (getPhoto) goes first in the deep pass, and the viewer hears when it is done', async () => {
    // two photos whose faces are not done yet (as after `loupe index --quick`); the user opens one of them last
    const [opened, other] = [all[2], all[3]];
    const forget = engine.database.prepare("DELETE FROM file_stages WHERE file_id = ? AND stage = 'faces'");
    for (const p of [opened, other]) forget.run(p.id);
    await backend.getPhoto(opened.id);
    expect(engine.deepPriority.first(new Set([other.id, opened.id]))).toBe(opened.id);
    const before = events.length;
    await backend.startIndex();
    await backend.idle();
    const changed = events.slice(before).filter((e) => e.event === 'photo:changed').map((e) => (e.payload as LoupeEvents['photo:changed']).id);
    // (which photos are heard of, and which not, is the engine's: test/main/engine/pipeline/deep-priority.test.ts)
    expect(changed).toContain(opened.id);
    expect((await backend.status()).pendingCount).toBe(0);
  });

  it('startIndex runs one job at a time and can be cancelled by id', async () => {
    const a = await backend.startIndex();
    const b = await backend.startIndex();
    expect(b.jobId).toBe(a.jobId);
    await backend.cancelIndex(a.jobId);
    await backend.idle();
    expect((await backend.status()).job).toBeNull();
    await rejectsWith(backend.pauseIndex(a.jobId), 'not-found');
  });
});
