// A rule of the pixel check changed (vignettes taken out, migration 270): a library grouped before is grouped again
// once on upgrade, from what it stored, and the keeper the user chose stays theirs.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CopyQualityRepository } from '../../../../src/main/engine/catalog/copy-quality-repository.js';
import { openCatalogDb } from '../../../../src/main/engine/catalog/database.js';
import { DuplicateRepository } from '../../../../src/main/engine/catalog/duplicate-repository.js';
import { FileRepository } from '../../../../src/main/engine/catalog/file-repository.js';
import { FolderRepository } from '../../../../src/main/engine/catalog/folder-repository.js';
import { MIGRATIONS } from '../../../../src/main/engine/catalog/migrations.js';
import { makeTempDir } from '../../../helpers/fixtures.js';

describe('the duplicate groups placed again under the vignette rule (migration 270)', () => {
  let tmp: { dir: string; cleanup: () => void };
  beforeEach(() => {
    tmp = makeTempDir();
  });
  afterEach(() => tmp.cleanup());

  it('puts every photo up for grouping again, once, and keeps the keeper the user chose', () => {
    const old = openCatalogDb(tmp.dir, MIGRATIONS.filter((m) => m.version < 270));
    const folder = new FolderRepository(old).insert('/photos');
    const files = new FileRepository(old);
    const ids = [0, 1, 2].map((i) => files.insert({ folder_id: folder.id, path: `/photos/p${i}.jpg`, size: 1, mtime_ms: 1, content_hash: `h${i}` }));
    for (const id of ids) files.setState(id, 'ready');
    const dups = new DuplicateRepository(old);
    ids.forEach((id, i) => {
      dups.markPlaced(id, 'duplicate', `h${i}`);
      dups.markPlaced(id, 'similar', `h${i}`);
    });
    new CopyQualityRepository(old).chooseKeeper(ids[1], ids);
    // (asked in SQL: the repository reads columns later migrations add)
    expect(old.prepare(`SELECT COUNT(*) AS n FROM files f WHERE NOT EXISTS
      (SELECT 1 FROM dup_placed p WHERE p.file_id = f.id AND p.kind = 'duplicate')`).get()).toEqual({ n: 0 });
    old.close();

    const db = openCatalogDb(tmp.dir);
    try {
      const repo = new DuplicateRepository(db);
      expect(repo.unplaced('duplicate', false).map((r) => r.id).sort()).toEqual([...ids].sort());
      // similar-shot stacks have their own rule, unchanged: not placed again
      expect(repo.placedIds('similar').size).toBe(3);
      expect(new CopyQualityRepository(db).chosenAmong(ids)).toBe(ids[1]);
      // once: placed again, a later opening leaves them placed
      for (const [i, id] of ids.entries()) repo.markPlaced(id, 'duplicate', `h${i}`);
    } finally {
      db.close();
    }
    const again = openCatalogDb(tmp.dir);
    try {
      expect(new DuplicateRepository(again).unplaced('duplicate', false)).toHaveLength(0);
    } finally {
      again.close();
    }
  });
});
