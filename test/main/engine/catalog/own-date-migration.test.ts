// Migration 440 and the analyze stage's write: a library dated before keeps every date as the photo's own; a date the
// user set is not replaced when the stage reads the file again, the photo's own one is.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCatalogDb } from '../../../../src/main/engine/catalog/database.js';
import { FileRepository } from '../../../../src/main/engine/catalog/file-repository.js';
import { FolderRepository } from '../../../../src/main/engine/catalog/folder-repository.js';
import { MIGRATIONS } from '../../../../src/main/engine/catalog/migrations.js';
import { DateService } from '../../../../src/main/engine/dates/date-service.js';
import { makeTempDir } from '../../../helpers/fixtures.js';

describe('the photo\'s own date beside the one the user set (migration 440)', () => {
  let tmp: { dir: string; cleanup: () => void };
  beforeEach(() => {
    tmp = makeTempDir();
  });
  afterEach(() => tmp.cleanup());

  it('keeps the dates of a library from before as the photos\' own, and a re-read never replaces the user\'s', () => {
    const old = openCatalogDb(tmp.dir, MIGRATIONS.filter((m) => m.version < 440));
    const folder = new FolderRepository(old).insert('/photos');
    const before = new FileRepository(old);
    const ids = [0, 1].map((i) => before.insert({ folder_id: folder.id, path: `/photos/p${i}.jpg`, size: 1, mtime_ms: 1, content_hash: `h${i}` }));
    old.prepare("UPDATE files SET taken_at = '2019-05-04T10:00:00', taken_at_source = 'exif'").run();
    old.close();

    const db = openCatalogDb(tmp.dir);
    try {
      const dates = new DateService({ db });
      expect(dates.dateOf(ids[0])).toMatchObject({ takenAt: '2019-05-04T10:00:00', source: 'exif', ownTakenAt: '2019-05-04T10:00:00', ownSource: 'exif' });
      dates.change([ids[0]], { shift: '+2h' });
      // the analyze stage reads both files again (an edit): the user's date stays, the other follows the file
      const files = new FileRepository(db);
      for (const [i, id] of ids.entries()) {
        expect(files.completeStage(id, `h${i}`, 'analyze', 1, { own_taken_at: '2019-05-04T10:30:00', own_taken_at_source: 'exif' })).toBe(true);
      }
      expect(dates.dateOf(ids[0])).toMatchObject({ takenAt: '2019-05-04T12:00:00', source: 'user', ownTakenAt: '2019-05-04T10:30:00' });
      expect(dates.dateOf(ids[1])).toMatchObject({ takenAt: '2019-05-04T10:30:00', source: 'exif', guessed: false });
      expect(dates.change([ids[0]], { clear: true })).toMatchObject([{ takenAt: '2019-05-04T10:30:00', source: 'exif' }]);
    } finally {
      db.close();
    }
  });
});
