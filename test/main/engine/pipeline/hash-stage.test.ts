// The phash stage on a real catalog: a photo already placed in the duplicate groups is placed again when its hashes
// now include the picture inside a letterbox (hashed before that picture was: phash stage 1), so the next update
// can group it with the photo it is a screenshot of; a photo without bands keeps its place.
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { DuplicateRepository } from '../../../../src/main/engine/catalog/duplicate-repository.js';
import { FileRepository } from '../../../../src/main/engine/catalog/file-repository.js';
import { FolderRepository } from '../../../../src/main/engine/catalog/folder-repository.js';
import { HashRepository } from '../../../../src/main/engine/catalog/hash-repository.js';
import { rgbFromRaw } from '../../../../src/main/engine/media/rgb-image.js';
import { HashStage } from '../../../../src/main/engine/pipeline/hash-stage.js';
import { testPhoto } from '../../../helpers/fixtures.js';
import { useTempCatalog } from '../../../helpers/temp-catalog.js';

describe('HashStage', () => {
  const home = useTempCatalog();

  it('places a letterboxed photo again once the picture inside its bands is hashed; a plain photo keeps its place', async () => {
    const files = new FileRepository(home.db);
    const hashes = new HashRepository(home.db);
    const duplicates = new DuplicateRepository(home.db);
    const stage = new HashStage({ hashes, duplicates, thumbnailDir: path.join(home.dir, 'thumbs') });
    const folderId = new FolderRepository(home.db).insert('/photos').id;
    const source = sharp(testPhoto('hires/lomiri16__Bridge_by_Sander_Klootwijk.jpg'));
    // a landscape photo shown on a phone held upright, screenshotted: black above and below
    const shot = source.clone().resize({ width: 390, height: 844, fit: 'contain', background: '#000' });
    const plain = source.clone().resize({ width: 640, height: 480, fit: 'fill' });
    const ids: Record<string, number> = {};
    for (const [name, image] of [['shot', shot], ['plain', plain]] as const) {
      const id = files.insert({ folder_id: folderId, path: `/photos/${name}.png`, size: 1, mtime_ms: 1, content_hash: name });
      duplicates.markPlaced(id, 'duplicate', name);
      const preview = rgbFromRaw(await image.removeAlpha().raw().toBuffer({ resolveWithObject: true }));
      await stage.run({ file: files.byId(id)!, scratch: { preview }, signal: new AbortController().signal, recordTiming: () => {} });
      ids[name] = id;
    }
    expect(hashes.of(ids.shot)!.content.length, 'the picture inside the bands is hashed').toBeGreaterThan(0);
    expect(hashes.of(ids.plain)!.content).toEqual([]);
    const placed = duplicates.placedIds('duplicate');
    expect(placed.has(ids.shot), 'the screenshot is placed again').toBe(false);
    expect(placed.has(ids.plain), 'the plain photo keeps its place').toBe(true);
  });
});
