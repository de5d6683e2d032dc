// Each keypoint record's summary (size, count, thumbnail) stored apart, for a grouping's one pass over the library
// (allKeypointsLazily): read back as the record itself gives it; a record found before the summaries (none stored),
// or one whose summary no longer fits it (another content, another record), is read whole and its summary stored.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CopyQualityRepository } from '../../../../src/main/engine/catalog/copy-quality-repository.js';
import { openCatalogDb, type CatalogDb } from '../../../../src/main/engine/catalog/database.js';
import { FileRepository } from '../../../../src/main/engine/catalog/file-repository.js';
import { FolderRepository } from '../../../../src/main/engine/catalog/folder-repository.js';
import { keypointCount, loaded, packLocalFeatures, type LocalFeatures } from '../../../../src/main/engine/duplicates/local-features.js';
import { makeTempDir } from '../../../helpers/fixtures.js';

const features = (n: number, thumb: boolean): LocalFeatures => ({
  xy: Uint16Array.from({ length: 2 * n }, (_, i) => (i * 37) % 320),
  descriptors: Uint8Array.from({ length: 32 * n }, (_, i) => (i * 11 + n) & 0xff),
  width: 320,
  height: 213,
  ...(thumb && { thumb: { w: 38, h: 25, g: Uint8Array.from({ length: 38 * 25 }, (_, i) => (i * 7 + n) & 0xff) } }),
});
/** What a grouping sees of a record: its size, count and thumbnail, and its keypoints once read. */
const seen = (f: LocalFeatures) => ({ width: f.width, height: f.height, count: keypointCount(f), thumb: f.thumb && { ...f.thumb, g: Array.from(f.thumb.g) }, xy: Array.from(loaded(f).xy), descriptors: Array.from(loaded(f).descriptors) });

describe('CopyQualityRepository keypoint summaries', () => {
  let tmp: { dir: string; cleanup: () => void };
  let db: CatalogDb;
  let quality: CopyQualityRepository;
  const ids: number[] = [];
  const summaries = (): number => (db.prepare('SELECT count(*) AS n FROM photo_keypoint_summaries').get() as { n: number }).n;

  beforeEach(() => {
    tmp = makeTempDir();
    db = openCatalogDb(tmp.dir);
    quality = new CopyQualityRepository(db);
    const files = new FileRepository(db);
    const folderId = new FolderRepository(db).insert('/photos').id;
    ids.length = 0;
    for (let i = 0; i < 4; i++) ids.push(files.insert({ folder_id: folderId, path: `/photos/${i}.jpg`, size: 10, mtime_ms: 1, content_hash: `h${i}` }));
  });
  afterEach(() => {
    db.close();
    tmp.cleanup();
  });

  it('gives a grouping what the records themselves give, whether their summaries were stored beside them or not', () => {
    const [a, b, c, d] = ids;
    const made = new Map<number, LocalFeatures>([
      [a, features(120, true)],
      [b, features(7, false)],
      [c, features(200, true)],
      [d, features(0, true)],
    ]);
    for (const [id, f] of made) quality.saveKeypoints(id, `h${ids.indexOf(id)}`, f);
    expect(summaries()).toBe(4);
    const expected = new Map([...made].map(([id, f]) => [id, seen(f)]));
    const read = (): Map<number, ReturnType<typeof seen>> => new Map([...quality.allKeypointsLazily()].map(([id, f]) => [id, seen(f)]));
    expect(read()).toEqual(expected);

    // records found before the summaries (a catalog of an earlier version): read whole, and their summaries stored
    db.exec('DELETE FROM photo_keypoint_summaries');
    expect(read()).toEqual(expected);
    expect(summaries()).toBe(4);
    expect(read()).toEqual(expected);

    // a record written without its summary (another content of the file, another record): the stale summary is not
    // used, the record is read whole
    const other = features(90, true);
    db.prepare('UPDATE photo_keypoints SET data = ? WHERE file_id = ?').run(packLocalFeatures(other), c);
    expected.set(c, seen(other));
    expect(read()).toEqual(expected);
    db.prepare("UPDATE photo_keypoints SET content_hash = 'h9' WHERE file_id = ?").run(d);
    db.prepare("UPDATE files SET content_hash = 'h9' WHERE id = ?").run(d);
    expect(read()).toEqual(expected);
    // a record of old content is no record
    db.prepare("UPDATE files SET content_hash = 'h10' WHERE id = ?").run(a);
    expected.delete(a);
    expect(read()).toEqual(expected);
    // gone with the photo
    db.prepare('DELETE FROM files WHERE id = ?').run(b);
    expect((db.prepare('SELECT count(*) AS n FROM photo_keypoint_summaries WHERE file_id = ?').get(b) as { n: number }).n).toBe(0);
  });
});
