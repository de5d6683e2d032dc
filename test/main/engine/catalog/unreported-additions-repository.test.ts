// The new photos no finished run has reported as added yet (migration 480): an entry lives exactly as long as its
// photo's row, so a row taken over or deleted is never counted, and a later photo given the same id by SQLite does not
// inherit it; a catalog upgraded to it has nothing unreported (its last finished run said what it added).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCatalogDb } from '../../../../src/main/engine/catalog/database.js';
import { UnreportedAdditionsRepository } from '../../../../src/main/engine/catalog/unreported-additions-repository.js';
import { FileRepository } from '../../../../src/main/engine/catalog/file-repository.js';
import { FolderRepository } from '../../../../src/main/engine/catalog/folder-repository.js';
import { MIGRATIONS } from '../../../../src/main/engine/catalog/migrations.js';
import { makeTempDir } from '../../../helpers/fixtures.js';

describe('UnreportedAdditionsRepository', () => {
  let tmp: { dir: string; cleanup: () => void };
  beforeEach(() => {
    tmp = makeTempDir();
  });
  afterEach(() => tmp.cleanup());

  it('an entry goes with its row: the next photo given the same id is not unreported', () => {
    const db = openCatalogDb(tmp.dir);
    try {
      const folder = new FolderRepository(db).insert('/photos');
      const files = new FileRepository(db);
      const unreported = new UnreportedAdditionsRepository(db);
      const add = (name: string): number =>
        files.transaction(() => {
          const id = files.insert({ folder_id: folder.id, path: `/photos/${name}`, size: 1, mtime_ms: 1, content_hash: name });
          unreported.add(id);
          return id;
        });
      const a = add('a.jpg');
      const b = add('b.jpg');
      expect(unreported.ids()).toEqual([a, b]);
      files.delete(b);
      expect(unreported.ids()).toEqual([a]);
      // SQLite hands the largest id out again once its row is gone
      expect(files.insert({ folder_id: folder.id, path: '/photos/c.jpg', size: 1, mtime_ms: 1, content_hash: 'c' })).toBe(b);
      expect(unreported.ids()).toEqual([a]);
      unreported.clear([a]);
      expect(unreported.ids()).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('a catalog upgraded to it has nothing unreported', () => {
    const old = openCatalogDb(tmp.dir, MIGRATIONS.filter((m) => m.version < 480));
    const folder = new FolderRepository(old).insert('/photos');
    new FileRepository(old).insert({ folder_id: folder.id, path: '/photos/a.jpg', size: 1, mtime_ms: 1, content_hash: 'a' });
    old.close();
    const db = openCatalogDb(tmp.dir);
    try {
      expect(new UnreportedAdditionsRepository(db).ids()).toEqual([]);
    } finally {
      db.close();
    }
  });
});
