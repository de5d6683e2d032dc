// Every photo's keypoint record read in one pass without its keypoints, for a grouping of the library
// (allKeypointsLazily): its size, count and thumbnail as the record gives them, its keypoints read when first used,
// the same as the record read whole; a record of a file's old content is none.
import { beforeEach, describe, expect, it } from 'vitest';
import { CopyQualityRepository } from '../../../../src/main/engine/catalog/copy-quality-repository.js';
import { FileRepository } from '../../../../src/main/engine/catalog/file-repository.js';
import { FolderRepository } from '../../../../src/main/engine/catalog/folder-repository.js';
import { keypointCount, loaded, type LocalFeatures } from '../../../../src/main/engine/duplicates/local-features.js';
import { useTempCatalog } from '../../../helpers/temp-catalog.js';

const features = (n: number, thumb: boolean): LocalFeatures => ({
  xy: Uint16Array.from({ length: 2 * n }, (_, i) => (i * 37) % 320),
  descriptors: Uint8Array.from({ length: 32 * n }, (_, i) => (i * 11 + n) & 0xff),
  width: 320,
  height: 213,
  ...(thumb && { thumb: { w: 38, h: 25, g: Uint8Array.from({ length: 38 * 25 }, (_, i) => (i * 7 + n) & 0xff) } }),
});
/** What a grouping sees of a record: its size, count and thumbnail, and its keypoints once read. */
const seen = (f: LocalFeatures) => ({
  width: f.width,
  height: f.height,
  count: keypointCount(f),
  thumb: f.thumb && { ...f.thumb, g: Array.from(f.thumb.g) },
  xy: Array.from(f.xy),
  descriptors: Array.from(f.descriptors),
  loaded: { xy: Array.from(loaded(f).xy), descriptors: Array.from(loaded(f).descriptors) },
});

describe('CopyQualityRepository.allKeypointsLazily', () => {
  const catalog = useTempCatalog();
  let quality: CopyQualityRepository;
  const ids: number[] = [];

  beforeEach(() => {
    const { db } = catalog;
    quality = new CopyQualityRepository(db);
    const files = new FileRepository(db);
    const folderId = new FolderRepository(db).insert('/photos').id;
    ids.length = 0;
    for (let i = 0; i < 4; i++) ids.push(files.insert({ folder_id: folderId, path: `/photos/${i}.jpg`, size: 10, mtime_ms: 1, content_hash: `h${i}` }));
  });

  it('gives a grouping what the records themselves give, their keypoints read when first used', () => {
    const [a, b, c, d] = ids;
    const made = new Map<number, LocalFeatures>([
      [a, features(120, true)],
      [b, features(7, false)],
      [c, features(200, true)],
      [d, features(0, true)],
    ]);
    made.forEach((f, id) => quality.saveKeypoints(id, `h${ids.indexOf(id)}`, f));
    const whole = (f: LocalFeatures) => ({ ...seen(f), loaded: { xy: Array.from(f.xy), descriptors: Array.from(f.descriptors) } });
    const expected = new Map([...made].map(([id, f]) => [id, whole(f)]));
    const lazy = quality.allKeypointsLazily();
    expect(new Map([...lazy].map(([id, f]) => [id, seen(f)]))).toEqual(expected);
    for (const [id, f] of lazy) expect(seen(f)).toEqual(whole(quality.keypointsOf(id)!));
    // a record of old content is no record
    catalog.db.prepare("UPDATE files SET content_hash = 'h10' WHERE id = ?").run(a);
    expect([...quality.allKeypointsLazily().keys()].sort((x, y) => x - y)).toEqual([b, c, d].sort((x, y) => x - y));
  });
});
