// A JPEG that ends early is now read from the part that decodes (migration 450): one refused for it before is read
// again at the next run, not left failed until its bytes change; other refusals stay.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCatalogDb } from '../../../../src/main/engine/catalog/database.js';
import { FileRepository } from '../../../../src/main/engine/catalog/file-repository.js';
import { FolderRepository } from '../../../../src/main/engine/catalog/folder-repository.js';
import { MIGRATIONS } from '../../../../src/main/engine/catalog/migrations.js';
import { makeTempDir } from '../../../helpers/fixtures.js';

describe('files refused for ending early are read again (migration 450)', () => {
  let tmp: { dir: string; cleanup: () => void };
  beforeEach(() => {
    tmp = makeTempDir();
  });
  afterEach(() => tmp.cleanup());

  it('lets go of the "premature end" refusals only', () => {
    const old = openCatalogDb(tmp.dir, MIGRATIONS.filter((m) => m.version < 450));
    const folder = new FolderRepository(old).insert('/photos');
    const files = new FileRepository(old);
    const cut = files.insert({ folder_id: folder.id, path: '/photos/cut.jpg', size: 1, mtime_ms: 1, content_hash: 'h1' });
    const noise = files.insert({ folder_id: folder.id, path: '/photos/noise.tif', size: 1, mtime_ms: 1, content_hash: 'h2' });
    files.failStage(cut, 'h1', 'analyze', 'corrupt', 'The JPEG image data is truncated or corrupt (VipsJpeg: premature end of JPEG image).', 1);
    files.failStage(noise, 'h2', 'analyze', 'corrupt', 'The TIFF image data is truncated or corrupt (tiff2vips: Bad code word at line 27 of strip 0 (x 0)).', 1);
    const analyze = [{ stage: 'analyze', version: 1 }];
    expect(files.dueIds(analyze)).toEqual([]);
    old.close();

    const db = openCatalogDb(tmp.dir);
    try {
      const repo = new FileRepository(db);
      expect(repo.dueIds(analyze)).toEqual([cut]);
      expect(repo.failures().map((f) => f.path)).toEqual(['/photos/noise.tif']);
      expect(repo.damaged()).toEqual([]);
    } finally {
      db.close();
    }
  });
});
