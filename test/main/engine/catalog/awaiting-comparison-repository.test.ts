// The new photos waiting to be compared with the photos that went (migration 470): an entry lives exactly as long as
// its photo's row, so a row removed (taken over by a gone photo, or deleted) never leaves an id that a later photo,
// given the same id by SQLite, would inherit; a catalog upgraded to it has nothing waiting.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCatalogDb } from '../../../../src/main/engine/catalog/database.js';
import { AwaitingComparisonRepository } from '../../../../src/main/engine/catalog/awaiting-comparison-repository.js';
import { FileRepository } from '../../../../src/main/engine/catalog/file-repository.js';
import { FolderRepository } from '../../../../src/main/engine/catalog/folder-repository.js';
import { MIGRATIONS } from '../../../../src/main/engine/catalog/migrations.js';
import { makeTempDir } from '../../../helpers/fixtures.js';

describe('AwaitingComparisonRepository', () => {
  let tmp: { dir: string; cleanup: () => void };
  beforeEach(() => {
    tmp = makeTempDir();
  });
  afterEach(() => tmp.cleanup());

  it('an entry goes with its row: the next photo given the same id is not waiting', () => {
    const db = openCatalogDb(tmp.dir);
    try {
      const folder = new FolderRepository(db).insert('/photos');
      const files = new FileRepository(db);
      const waiting = new AwaitingComparisonRepository(db);
      const add = (name: string): number =>
        files.transaction(() => {
          const id = files.insert({ folder_id: folder.id, path: `/photos/${name}`, size: 1, mtime_ms: 1, content_hash: name });
          waiting.add(id);
          return id;
        });
      const a = add('a.jpg');
      const b = add('b.jpg');
      expect(waiting.ids()).toEqual([a, b]);
      files.delete(b);
      expect(waiting.ids()).toEqual([a]);
      // SQLite hands the largest id out again once its row is gone
      const again = files.insert({ folder_id: folder.id, path: '/photos/c.jpg', size: 1, mtime_ms: 1, content_hash: 'c' });
      expect(again).toBe(b);
      expect(waiting.ids()).toEqual([a]);
      waiting.clear([a]);
      expect(waiting.ids()).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('a catalog upgraded to it has nothing waiting', () => {
    const old = openCatalogDb(tmp.dir, MIGRATIONS.filter((m) => m.version < 470));
    const folder = new FolderRepository(old).insert('/photos');
    new FileRepository(old).insert({ folder_id: folder.id, path: '/photos/a.jpg', size: 1, mtime_ms: 1, content_hash: 'a' });
    old.close();
    const db = openCatalogDb(tmp.dir);
    try {
      expect(new AwaitingComparisonRepository(db).ids()).toEqual([]);
    } finally {
      db.close();
    }
  });
});
