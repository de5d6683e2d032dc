import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoupeEngine } from '../../../../src/main/engine/engine.js';
import { PHOTO_EXTENSIONS } from '../../../../src/main/engine/media/index.js';
import type { IndexSummary } from '../../../../src/shared/library-types.js';
import { copyPhotoTree, makeTempDir } from '../../../helpers/fixtures.js';

function listPhotos(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && !e.name.startsWith('.') && PHOTO_EXTENSIONS.has(path.extname(e.name).toLowerCase()))
    .map((e) => path.join(e.parentPath, e.name))
    .filter((p) => !p.split(path.sep).some((part) => part.startsWith('.')));
}

describe('indexing the robustness photos: every file is indexed or reported with a reason', () => {
  let tmp: { dir: string; cleanup: () => void };
  let engine: LoupeEngine;
  let lib: string;
  let summary: IndexSummary;

  beforeAll(async () => {
    tmp = makeTempDir();
    lib = path.join(tmp.dir, 'robustness');
    copyPhotoTree('robustness', lib);
    // Cases the shared set lacks: empty, a text file posing as a photo, a PNG with a JPEG name.
    fs.writeFileSync(path.join(lib, 'zero-byte.jpg'), '');
    fs.writeFileSync(path.join(lib, 'notes-named.jpeg'), 'shopping list: eggs, milk');
    const png = listPhotos(lib).find((p) => p.endsWith('.png'))!;
    fs.copyFileSync(png, path.join(lib, 'really-a-png.jpg'));
    engine = LoupeEngine.open({ home: path.join(tmp.dir, 'home'), warn: () => {} });
    await engine.library.addFolder(lib);
    summary = await engine.library.index();
  }, 300_000);

  afterAll(async () => {
    await engine.close();
    tmp.cleanup();
  });

  it('accounts for every photo file: indexed, or failed with a clear reason naming the file', () => {
    const photos = listPhotos(lib);
    expect(photos.length).toBeGreaterThan(150);
    const failedPaths = new Set(summary.failed.map((f) => f.path));
    for (const p of photos) {
      const record = engine.library.info(engine.library.photoIdAt(p)!);
      expect(record, p).not.toBeNull();
      if (record!.state === 'failed') {
        expect(failedPaths.has(p), p).toBe(true);
        expect(record!.errors[0].reason.length, p).toBeGreaterThan(10);
      } else {
        expect(record!.state, p).toBe('ready');
        expect(record!.width, p).toBeGreaterThan(0);
      }
    }
    const status = engine.library.status();
    expect(status.files + status.failed.length).toBe(photos.length);
    expect(status.pending).toBe(0);
    // A real library mostly works: most of these files are valid photos.
    expect(status.files).toBeGreaterThan(photos.length / 2);
  });

  it('says why, in words, for the cases people hit', () => {
    const reasonOf = (name: string) => summary.failed.find((f) => path.basename(f.path) === name)?.reason ?? '';
    expect(reasonOf('zero-byte.jpg')).toMatch(/empty|zero/i);
    expect(reasonOf('notes-named.jpeg')).toMatch(/not .*image|not a photo|no image format/i);
    const png = engine.library.info(engine.library.photoIdAt(path.join(lib, 'really-a-png.jpg'))!)!;
    expect(png.state).toBe('ready');
    expect(png.format).toBe('png');
  });

  it('a second run re-reads nothing and reports the same failures', async () => {
    const again = await engine.library.index();
    expect(again.added + again.updated + again.moved + again.removed).toBe(0);
    expect(again.failed).toEqual(summary.failed);
  });
});
