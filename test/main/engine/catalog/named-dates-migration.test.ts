// WeChat's and QQ's dates in file names are read since trial 27 (media/dates.ts): a library catalogued before has
// those photos, dated by their mtime, analysed again once on upgrade (migration 460), and no other photo.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCatalogDb } from '../../../../src/main/engine/catalog/database.js';
import { FileRepository } from '../../../../src/main/engine/catalog/file-repository.js';
import { FolderRepository } from '../../../../src/main/engine/catalog/folder-repository.js';
import { MIGRATIONS } from '../../../../src/main/engine/catalog/migrations.js';
import { makeTempDir } from '../../../helpers/fixtures.js';

const ANALYZE = [{ stage: 'analyze', version: 1 }];

describe('photos named by WeChat or QQ analysed again (migration 460)', () => {
  let tmp: { dir: string; cleanup: () => void };
  beforeEach(() => {
    tmp = makeTempDir();
  });
  afterEach(() => tmp.cleanup());

  it('makes the analysis due, once, for those a name dates and the mtime dated; not for the others', () => {
    const old = openCatalogDb(tmp.dir, MIGRATIONS.filter((m) => m.version < 460));
    const folder = new FolderRepository(old).insert('/photos');
    const files = new FileRepository(old);
    const add = (name: string, source: 'exif' | 'filename' | 'mtime' | null): number => {
      const hash = `h-${name}`;
      const id = files.insert({ folder_id: folder.id, path: `/photos/微信/${name}`, size: 1, mtime_ms: 1, content_hash: hash });
      files.completeStage(id, hash, 'analyze', 1, { own_taken_at: source ? '2026-12-06T03:14:40' : null, own_taken_at_source: source });
      return id;
    };
    const redated = [
      add('微信图片_20190504132210.jpg', 'mtime'),
      add('QQ图片20200102131415.png', 'mtime'),
      add('微信图片_20190227000082.jpg', 'mtime'), // an impossible time: the date is read
      add('mmexport1556976130123.jpg', 'mtime'),
      add('wx_camera_1556976130123.jpg', null),
    ];
    add('IMG_0001.jpg', 'mtime'); // no date in its name
    add('微信图片_20190504132210(1).jpg', 'exif'); // the camera's date wins over any name
    add('IMG_20190504_132210.jpg', 'filename'); // read from its name already
    expect(files.dueIds(ANALYZE)).toEqual([]);
    old.close();

    const db = openCatalogDb(tmp.dir);
    try {
      const repo = new FileRepository(db);
      expect(repo.dueIds(ANALYZE).sort((a, b) => a - b)).toEqual(redated);
      for (const id of redated) repo.completeStage(id, repo.byId(id)!.content_hash, 'analyze', 1, { own_taken_at: '2019-05-04T13:22:10', own_taken_at_source: 'filename' });
    } finally {
      db.close();
    }
    const again = openCatalogDb(tmp.dir);
    try {
      expect(new FileRepository(again).dueIds(ANALYZE)).toEqual([]);
    } finally {
      again.close();
    }
  });
});
