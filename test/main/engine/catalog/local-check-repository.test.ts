// The stored keypoint checks (dup_local_checks) on a real catalog: read back as made, each way round; replaced when a
// photo's keypoints are found again; gone with the photo; a check made before its keypoints were found again is not
// stored; the neighbours a photo is checked against are its recorded ones, either way round, with current keypoints;
// the recorded ones outlive a later neighbour search where the groups were formed with them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CopyQualityRepository } from '../../../../src/main/engine/catalog/copy-quality-repository.js';
import { openCatalogDb, type CatalogDb } from '../../../../src/main/engine/catalog/database.js';
import { DuplicateRepository } from '../../../../src/main/engine/catalog/duplicate-repository.js';
import { FileRepository } from '../../../../src/main/engine/catalog/file-repository.js';
import { FolderRepository } from '../../../../src/main/engine/catalog/folder-repository.js';
import { LocalCheckRepository } from '../../../../src/main/engine/catalog/local-check-repository.js';
import type { LocalFeatures, LocalMatch } from '../../../../src/main/engine/duplicates/local-features.js';
import { makeTempDir } from '../../../helpers/fixtures.js';

const match = (tight: number): LocalMatch => ({ inliers: tight + 3, matches: 90, scale: 1.4285714285714286, rotationDeg: -0.1, tight, overlap: 120, transform: [1.4, 0.003, -12.5, 7.25] });
const features = (n: number): LocalFeatures => ({ xy: new Uint16Array(2 * n).fill(5), descriptors: new Uint8Array(32 * n).fill(n), width: 320, height: 240 });

describe('LocalCheckRepository', () => {
  let tmp: { dir: string; cleanup: () => void };
  let db: CatalogDb;
  let files: FileRepository;
  let checks: LocalCheckRepository;
  const ids: number[] = [];

  beforeEach(() => {
    tmp = makeTempDir();
    db = openCatalogDb(tmp.dir);
    files = new FileRepository(db);
    checks = new LocalCheckRepository(db);
    const folderId = new FolderRepository(db).insert('/photos').id;
    ids.length = 0;
    for (let i = 0; i < 4; i++) ids.push(files.insert({ folder_id: folderId, path: `/photos/${i}.jpg`, size: 10, mtime_ms: 1, content_hash: `h${i}` }));
  });
  afterEach(() => {
    db.close();
    tmp.cleanup();
  });

  it('reads back each way round what was checked, exactly, and nothing for a pair never checked', () => {
    const [a, b, c] = ids;
    checks.replaceChecks(b, [
      { otherId: a, toOther: match(40), fromOther: match(38) },
      { otherId: c, toOther: null, fromOther: null },
    ]);
    expect(checks.verdict(b, a)).toEqual(match(40));
    expect(checks.verdict(a, b)).toEqual(match(38));
    expect(checks.verdict(b, c)).toBeNull();
    expect(checks.verdict(c, b)).toBeNull();
    expect(checks.verdict(a, c)).toBeUndefined();
    // one way round made while grouping: the other stays unknown until made
    checks.save(a, c, match(12), checks.mark());
    expect(checks.verdict(a, c)).toEqual(match(12));
    expect(checks.verdict(c, a)).toBeUndefined();
    checks.save(c, a, null, checks.mark());
    expect(checks.verdict(c, a)).toBeNull();
    expect(checks.verdict(a, c)).toEqual(match(12));
  });

  it('keeps a pair whose keypoints lined up as a candidate when the neighbours are searched again', () => {
    const [a, b, c, d] = ids;
    const dups = new DuplicateRepository(db);
    dups.saveNeighbours(a, [b, c]);
    checks.replaceChecks(a, [
      { otherId: b, toOther: null, fromOther: match(40) },
      { otherId: c, toOther: null, fromOther: null },
    ]);
    // the similarity index rebuilt after the library grew: a's nearest photos are now others
    dups.saveNeighbours(a, [d]);
    expect(dups.neighboursOf(a)!.sort()).toEqual([b, d].sort());
    expect(dups.allNeighbours().get(b)).toEqual([a]);
  });

  it('keeps the candidates a photo was placed into the groups with, until it is placed again', () => {
    const [a, b, c, d] = ids;
    const dups = new DuplicateRepository(db);
    dups.saveNeighbours(a, [b]);
    dups.markPlaced(a, 'duplicate', 'h0');
    // a rebuild's search: the groups were formed with a ~ b, a grouping from scratch must compare the same pairs
    dups.saveNeighbours(a, [c, d]);
    expect(dups.neighboursOf(a)).toEqual([b]);
    // changed since it was placed (another content): it takes the latest
    db.prepare('UPDATE files SET content_hash = ? WHERE id = ?').run('h0-edited', a);
    dups.saveNeighbours(a, [c, d]);
    expect(dups.neighboursOf(a)!.sort()).toEqual([c, d].sort());
  });

  it('reads every check in one pass (a wide grouping) as it reads them a photo at a time', () => {
    const [a, b, c, d] = ids;
    checks.replaceChecks(b, [
      { otherId: a, toOther: match(40), fromOther: null },
      { otherId: c, toOther: null, fromOther: match(17) },
    ]);
    checks.save(d, a, match(12), checks.mark());
    const pairs = ids.flatMap((x) => ids.filter((y) => y !== x).map((y) => [x, y] as const));
    const oneByOne = pairs.map(([x, y]) => checks.verdict(x, y));
    checks.clearCache();
    expect(checks.readAll()).toBe(true);
    expect(pairs.map(([x, y]) => checks.verdict(x, y))).toEqual(oneByOne);
    expect(checks.verdict(b, a)).toEqual(match(40));
    expect(checks.verdict(c, b)).toEqual(match(17));
    expect(checks.verdict(d, a)).toEqual(match(12));
    expect(checks.verdict(a, d)).toBeUndefined();
    // a check stored after the pass is read where it is asked for
    checks.save(a, d, null, checks.mark());
    expect(checks.verdict(a, d)).toBeNull();
  });

  it('reads many checks in one pass as a photo at a time, every pair asked (those never checked too)', () => {
    const folderId = new FolderRepository(db).insert('/more').id;
    const more = Array.from({ length: 40 }, (_, i) => files.insert({ folder_id: folderId, path: `/more/${i}.jpg`, size: 10, mtime_ms: 1, content_hash: `m${i}` }));
    let seed = 7;
    const rnd = (): number => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const verdict = (): LocalMatch | null => (rnd() < 0.3 ? match(10 + Math.floor(rnd() * 50)) : null);
    for (const id of more) {
      const others = more.filter((o) => o !== id && rnd() < 0.2);
      checks.replaceChecks(id, others.map((otherId) => ({ otherId, toOther: verdict(), fromOther: verdict() })));
    }
    for (let k = 0; k < 30; k++) checks.save(more[Math.floor(rnd() * 40)], more[Math.floor(rnd() * 40)], verdict(), checks.mark());
    const pairs = more.flatMap((x) => more.filter((y) => y !== x).map((y) => [x, y] as const));
    checks.clearCache();
    const oneByOne = pairs.map(([x, y]) => checks.verdict(x, y));
    expect(oneByOne.filter((v) => v === undefined).length).toBeGreaterThan(0);
    expect(oneByOne.filter((v) => v === null).length).toBeGreaterThan(0);
    expect(oneByOne.filter((v) => v).length).toBeGreaterThan(0);
    expect(checks.readAll()).toBe(true);
    expect(pairs.map(([x, y]) => checks.verdict(x, y))).toEqual(oneByOne);
  });

  it('reads in one pass photos far apart by id (spans of ids read apart) as a photo at a time', () => {
    const folderId = new FolderRepository(db).insert('/far').id;
    const insert = db.prepare("INSERT INTO files (id, folder_id, path, size, mtime_ms, content_hash, added_at, updated_at) VALUES (?, ?, ?, 10, 1, 'x' || ?, 1, 1)");
    const far = [5000, 4095, 4096, 4097, 8191, 8192, 12_289, 70_001, 123_456].map((id) => (insert.run(id, folderId, `/far/${id}.jpg`, id), id));
    let seed = 11;
    const rnd = (): number => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    for (const id of far) {
      const others = [...far, ...ids].filter((o) => o !== id && rnd() < 0.6);
      checks.replaceChecks(id, others.map((otherId) => ({ otherId, toOther: rnd() < 0.3 ? match(12) : null, fromOther: rnd() < 0.3 ? null : rnd() < 0.5 ? match(20) : null })));
    }
    const every = [...far, ...ids];
    const pairs = every.flatMap((x) => every.filter((y) => y !== x).map((y) => [x, y] as const));
    checks.clearCache();
    const oneByOne = pairs.map(([x, y]) => checks.verdict(x, y));
    expect(checks.readAll()).toBe(true);
    expect(pairs.map(([x, y]) => checks.verdict(x, y))).toEqual(oneByOne);
  });

  it("replaces a photo's checks when its keypoints are found again, and drops them with the photo", () => {
    const [a, b, c] = ids;
    checks.replaceChecks(a, [{ otherId: b, toOther: match(30), fromOther: match(30) }]);
    checks.replaceChecks(c, [{ otherId: a, toOther: null, fromOther: null }]);
    checks.replaceChecks(a, [{ otherId: b, toOther: null, fromOther: match(11) }]);
    expect(checks.verdict(a, b)).toBeNull();
    expect(checks.verdict(b, a)).toEqual(match(11));
    expect(checks.verdict(a, c)).toBeUndefined(); // checked against a's old keypoints
    files.delete(b);
    checks.clearCache();
    expect(checks.verdict(a, b)).toBeUndefined();
    expect(db.prepare('SELECT COUNT(*) AS n FROM dup_local_checks').get()).toEqual({ n: 0 });
  });

  it("does not store a check made while grouping if either photo's keypoints were found again since", () => {
    const [a, b, c] = ids;
    const mark = checks.mark();
    checks.replaceChecks(b, []);
    checks.save(a, b, match(20), mark); // of b's old keypoints
    checks.save(a, c, match(20), mark);
    expect(checks.verdict(a, b)).toBeUndefined();
    expect(checks.verdict(a, c)).toEqual(match(20));
  });

  it('checks a photo against its recorded neighbours, either way round, that have keypoints of their current content', () => {
    const [a, b, c, d] = ids;
    const quality = new CopyQualityRepository(db);
    const dups = new DuplicateRepository(db);
    dups.saveNeighbours(a, [b]);
    dups.saveNeighbours(c, [a]);
    dups.saveNeighbours(d, [b]);
    for (const [id, n] of [[a, 40], [b, 41], [c, 42], [d, 43]]) quality.saveKeypoints(id, `h${ids.indexOf(id)}`, features(n));
    expect(checks.neighbourKeypoints(a).map((r) => r.id).sort()).toEqual([b, c].sort());
    expect(checks.neighbourKeypoints(a).find((r) => r.id === c)!.features.descriptors[0]).toBe(42);
    // c's content changed: its keypoints are of the old one
    db.prepare('UPDATE files SET content_hash = ? WHERE id = ?').run('h2-edited', c);
    expect(checks.neighbourKeypoints(a).map((r) => r.id)).toEqual([b]);
  });

  it("reads what the deep pass's partner checks ask: neighbours, what lines up, which way round is stored, the placement order", () => {
    const [a, b, c, d] = ids;
    const dups = new DuplicateRepository(db);
    dups.saveNeighbours(a, [b]);
    dups.saveNeighbours(c, [a]);
    checks.replaceChecks(a, [
      { otherId: b, toOther: null, fromOther: match(30) },
      { otherId: c, toOther: null, fromOther: null },
    ]);
    expect([...checks.neighbourIds(a)].sort()).toEqual([b, c].sort());
    expect(checks.alignedWith(a)).toEqual([b]);
    expect(checks.alignedWith(b)).toEqual([a]);
    // one way round stored beside the other: each read back, the other left as it was
    checks.addChecks([{ a: d, b: c, verdict: match(12) }]);
    expect(checks.checked(d, c)).toBe(true);
    expect(checks.checked(c, d)).toBe(false);
    expect(checks.verdict(d, c)).toEqual(match(12));
    expect(checks.verdict(c, d)).toBeUndefined();
    checks.addChecks([{ a: c, b: d, verdict: null }]);
    expect(checks.verdict(c, d)).toBeNull();
    expect(checks.verdict(d, c)).toEqual(match(12));
    expect(checks.alignedWith(c)).toEqual([d]);
    // the order grouping places photos in: the larger picture first, whichever was catalogued first
    db.prepare('UPDATE files SET width = 4000, height = 3000 WHERE id = ?').run(d);
    db.prepare('UPDATE files SET width = 400, height = 300 WHERE id = ?').run(c);
    expect(checks.before(d, c)).toBe(true);
    expect(checks.before(c, d)).toBe(false);
  });
});

