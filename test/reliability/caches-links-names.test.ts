// Caches verified (thumbnails made again by index and on demand), files renamed while being read, names that are
// not UTF-8, and links that point out of the library.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCatalogDb } from '../../src/main/engine/catalog/database.js';
import { FileRepository } from '../../src/main/engine/catalog/file-repository.js';
import { FolderRepository } from '../../src/main/engine/catalog/folder-repository.js';
import { LoupeEngine } from '../../src/main/engine/engine.js';
import { homeLayout } from '../../src/main/engine/home.js';
import { LibraryService } from '../../src/main/engine/library/library-service.js';
import { AnalyzeStage } from '../../src/main/engine/pipeline/analyze-stage.js';
import type { Stage } from '../../src/main/engine/pipeline/stage.js';
import { createEngineBackend } from '../../src/main/backend/engine-backend.js';
import { isWholeJpeg } from '../../src/main/engine/cache/thumbnail-cache.js';
import { makeTempDir } from '../helpers/fixtures.js';
import { runCli } from '../helpers/run-cli.js';
import { makePhoto, makePhotos } from './make-photos.js';

describe('caches, links and names', () => {
  let tmp: { dir: string; cleanup: () => void };
  let lib: string;
  let home: string;
  let photos: string[];

  beforeAll(async () => {
    tmp = makeTempDir();
    lib = path.join(tmp.dir, 'lib');
    home = path.join(tmp.dir, 'home');
    photos = await makePhotos(lib, 3);
    const outside = path.join(tmp.dir, 'elsewhere');
    await makePhoto(path.join(outside, 'secret.jpg'), 77);
    fs.symlinkSync(path.join(outside, 'secret.jpg'), path.join(lib, 'link-out.jpg'));
    fs.symlinkSync(outside, path.join(lib, 'folder-out'));
    fs.symlinkSync(photos[0], path.join(lib, 'link-in.jpg')); // inside: followed as before
    // A name that is not valid UTF-8 (byte 0xFF), as a camera card or an old archive can have.
    fs.copyFileSync(photos[1], Buffer.concat([Buffer.from(path.join(lib, 'bad-')), Buffer.from([0xff]), Buffer.from('.jpg')]));
    expect(runCli(['add', lib, '--home', home]).code).toBe(0);
  });
  afterAll(() => tmp.cleanup());

  it('links out of the library are not followed and non-UTF-8 names are reported, each with a reason', () => {
    const r = runCli(['index', '--json', '--home', home]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`Not catalogued: ${path.join(lib, 'link-out.jpg')}: it is a link to ${path.join(tmp.dir, 'elsewhere', 'secret.jpg')}, outside the library folders`);
    expect(r.stderr).toContain(`Not catalogued: ${path.join(lib, 'folder-out')}: it is a link to`);
    // the name as `ls -b` shows it, the bad byte escaped: in the run's output, its JSON, and status until it is fixed
    const shown = path.join(lib, 'bad-\\xFF.jpg');
    expect(r.stderr).toContain(`Not catalogued: ${shown}: its name is not valid UTF-8`);
    expect(JSON.parse(r.stdout).failed).toContainEqual({ path: shown, code: 'bad-name', reason: expect.stringMatching(/not valid UTF-8/) });
    const status = JSON.parse(runCli(['status', '--json', '--home', home]).stdout);
    expect(status.files).toBe(4); // 3 photos + the link inside the library
    expect(status.failed).toContainEqual({ path: shown, code: 'bad-name', reason: expect.stringMatching(/rename it/) });
    expect(status.failed).toContainEqual(expect.objectContaining({ path: path.join(lib, 'link-out.jpg'), code: 'link-outside' }));
    expect(runCli(['status', '--home', home]).stdout).toContain(shown);
    // renamed: catalogued, and no longer reported
    fs.renameSync(Buffer.concat([Buffer.from(path.join(lib, 'bad-')), Buffer.from([0xff]), Buffer.from('.jpg')]), path.join(lib, 'renamed.jpg'));
    expect(runCli(['index', '--home', home]).code).toBe(0);
    const after = JSON.parse(runCli(['status', '--json', '--home', home]).stdout);
    expect(after.files).toBe(5);
    expect(after.failed.map((f: { path: string }) => f.path)).not.toContain(shown);
    expect(runCli(['info', path.join(lib, 'folder-out', 'secret.jpg'), '--home', home]).code).toBe(1);
  }, 180_000);

  it('missing or damaged thumbnails are made again by index, and on demand when served', async () => {
    const thumbs = path.join(home, 'thumbnails');
    const info = (p: string) => JSON.parse(runCli(['info', p, '--json', '--home', home]).stdout) as { id: number; thumbnails: { small: string; medium: string } };
    const a = info(photos[0]);
    const b = info(photos[1]);
    fs.rmSync(path.dirname(a.thumbnails.small), { recursive: true, force: true }); // a shard gone
    fs.writeFileSync(b.thumbnails.medium, Buffer.alloc(5000, 7)); // one overwritten
    const r = runCli(['index', '--json', '--home', home]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/had missing or damaged thumbnails: they are made again now/);
    for (const t of [a, b]) for (const f of [t.thumbnails.small, t.thumbnails.medium]) expect(isWholeJpeg(f), f).toBe(true);

    // On demand: the whole folder gone while the server runs; the photo is answered with a fresh thumbnail.
    fs.rmSync(thumbs, { recursive: true, force: true });
    const engine = LoupeEngine.open({ home, warn: () => {} });
    const backend = createEngineBackend({ engine, appVersion: 'test', emit: () => {}, watch: false, indexOnOpen: false });
    try {
      const media = await backend.media('small', a.id);
      expect(media).not.toBeNull();
      expect(isWholeJpeg(media!.file)).toBe(true);
      expect(await backend.media('small', 99_999)).toBeNull(); // not catalogued: still nothing
    } finally {
      await backend.close();
      await engine.close();
    }
  }, 180_000);

  it('clean-up never moves a file outside the library: a catalogued photo replaced by a link out is refused', () => {
    // The same bytes and times, so the catalog still takes it for the photo it indexed; only the link is new.
    const outside = path.join(tmp.dir, 'elsewhere', 'real.jpg');
    fs.copyFileSync(photos[2], outside);
    const st = fs.statSync(photos[2]);
    fs.utimesSync(outside, st.atime, st.mtime);
    fs.rmSync(photos[2]);
    fs.symlinkSync(outside, photos[2]);
    const r = runCli(['trash', photos[2], '--json', '--home', home], { XDG_DATA_HOME: path.join(tmp.dir, 'xdg') });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ trashed: [], failed: [{ path: photos[2], reason: expect.stringMatching(/outside the library folders; Loupe only moves files inside them/) }] });
    expect(fs.existsSync(outside)).toBe(true);
    expect(fs.lstatSync(photos[2]).isSymbolicLink()).toBe(true);
  }, 120_000);

  it('a file renamed while it is being read is found under its new name at the end of the run, not left failed', async () => {
    const home2 = path.join(tmp.dir, 'home2');
    const lib2 = path.join(tmp.dir, 'lib2');
    const [victim] = await makePhotos(lib2, 2, 300);
    const renamed = path.join(lib2, 'renamed.jpg');
    const db = openCatalogDb(home2);
    try {
      const files = new FileRepository(db);
      const folders = new FolderRepository(db);
      const analyze = new AnalyzeStage(homeLayout(home2).thumbnails);
      let renamedOnce = false;
      // The real analyse stage, with the user renaming the photo just as it is opened.
      const stage: Stage = {
        name: analyze.name,
        version: analyze.version,
        async run(ctx) {
          if (ctx.file.path === victim && !renamedOnce) {
            renamedOnce = true;
            fs.renameSync(victim, renamed);
          }
          return analyze.run(ctx);
        },
      };
      const library = new LibraryService({ files, folders, layout: homeLayout(home2), stages: [stage], concurrency: 1, warn: () => {} });
      await library.addFolder(lib2);
      const summary = await library.index();
      expect(renamedOnce).toBe(true);
      expect(summary.failed).toEqual([]);
      expect(summary.moved).toBe(1);
      expect(files.byPath(renamed)?.state).toBe('ready');
      expect(files.byPath(victim)).toBeUndefined();
      expect(files.failures()).toEqual([]);
    } finally {
      db.close();
    }
  }, 120_000);
});
