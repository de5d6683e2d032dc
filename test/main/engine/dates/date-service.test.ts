// DateService on a real catalog file: a change is applied to every photo of a selection or to none.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCatalogDb } from '../../../../src/main/engine/catalog/database.js';
import type { CatalogDb } from '../../../../src/main/engine/catalog/database.js';
import { FileRepository } from '../../../../src/main/engine/catalog/file-repository.js';
import { FolderRepository } from '../../../../src/main/engine/catalog/folder-repository.js';
import { DateService } from '../../../../src/main/engine/dates/date-service.js';
import { LibraryError } from '../../../../src/main/engine/errors.js';
import { makeTempDir } from '../../../helpers/fixtures.js';

describe('dates changed by hand, all or none', () => {
  let tmp: { dir: string; cleanup: () => void };
  let db: CatalogDb;
  let dates: DateService;
  let ids: number[];
  const NOW = Date.UTC(2026, 11, 6, 12);
  const takenAt = () => ids.map((id) => dates.dateOf(id).takenAt);

  beforeEach(() => {
    tmp = makeTempDir();
    db = openCatalogDb(tmp.dir);
    const folder = new FolderRepository(db).insert('/photos');
    const files = new FileRepository(db);
    ids = [0, 1, 2].map((i) => files.insert({ folder_id: folder.id, path: `/photos/p${i}.jpg`, size: 1, mtime_ms: 1, content_hash: `h${i}` }));
    files.completeStage(ids[0], 'h0', 'analyze', 1, { own_taken_at: '2019-05-04T10:00:00+02:00', own_taken_at_source: 'exif' });
    files.completeStage(ids[1], 'h1', 'analyze', 1, { own_taken_at: '2021-03-10T12:00:00', own_taken_at_source: 'mtime' });
    files.completeStage(ids[2], 'h2', 'analyze', 1, { own_taken_at: null, own_taken_at_source: null }); // no date at all
    dates = new DateService({ db });
  });
  afterEach(() => {
    db.close();
    tmp.cleanup();
  });

  it('shifts a selection, keeping the zone the camera wrote; a photo without a date refuses the whole shift', () => {
    expect(dates.dateOf(ids[1])).toMatchObject({ guessed: true, source: 'mtime' });
    const refused = (() => {
      try {
        dates.change(ids, { shift: '+1h' }, NOW);
      } catch (e) {
        return e as LibraryError;
      }
    })();
    expect(refused).toBeInstanceOf(LibraryError);
    expect(refused?.message).toContain('/photos/p2.jpg has no date to shift');
    expect(refused?.sentence).toEqual({ key: 'no-date-to-shift', params: { file: 'p2.jpg' } });
    expect(takenAt()).toEqual(['2019-05-04T10:00:00+02:00', '2021-03-10T12:00:00', null]);

    expect(dates.change([ids[0], ids[1], ids[0]], { shift: '-1d 0h 30m' }, NOW).map((d) => d.takenAt)).toEqual([
      '2019-05-03T09:30:00+02:00', '2021-03-09T11:30:00',
    ]);
    expect(dates.dateOf(ids[1])).toMatchObject({ source: 'user', guessed: false, ownSource: 'mtime' });
  });

  it('sets one date on every photo, an undated one included, and refuses a date that is not one', () => {
    expect(() => dates.change(ids, { set: '2019-02-29' }, NOW)).toThrow('"2019-02-29" is not a date');
    expect(() => dates.change(ids, { set: '2027-01-01' }, NOW)).toThrow('before 1826 or in the future');
    expect(() => dates.change([ids[0], 999], { set: '2019-01-01' }, NOW)).toThrow('Photo 999 is not in the library');
    expect(takenAt()).toEqual(['2019-05-04T10:00:00+02:00', '2021-03-10T12:00:00', null]);
    dates.change(ids, { set: '1999年12月31日 23:59' }, NOW);
    expect(takenAt()).toEqual(Array(3).fill('1999-12-31T23:59:00'));
    dates.change(ids, { clear: true }, NOW);
    expect(takenAt()).toEqual(['2019-05-04T10:00:00+02:00', '2021-03-10T12:00:00', null]);
  });
});
