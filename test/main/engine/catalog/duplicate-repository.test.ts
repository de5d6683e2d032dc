// Bringing stored groups in line with the catalog before new photos are placed (DuplicateRepository.prune): the
// rule that keeps groups free of chaining when photos leave, on a real catalog.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCatalogDb, type CatalogDb } from '../../../../src/main/engine/catalog/database.js';
import { DuplicateRepository } from '../../../../src/main/engine/catalog/duplicate-repository.js';
import { FileRepository } from '../../../../src/main/engine/catalog/file-repository.js';
import { FolderRepository } from '../../../../src/main/engine/catalog/folder-repository.js';
import { makeTempDir } from '../../../helpers/fixtures.js';

describe('DuplicateRepository.prune', () => {
  let tmp: { dir: string; cleanup: () => void };
  let db: CatalogDb;
  let files: FileRepository;
  let repo: DuplicateRepository;
  const ids: number[] = [];

  beforeEach(() => {
    tmp = makeTempDir();
    db = openCatalogDb(tmp.dir);
    files = new FileRepository(db);
    repo = new DuplicateRepository(db);
    const folderId = new FolderRepository(db).insert('/photos').id;
    ids.length = 0;
    for (let i = 0; i < 4; i++) {
      const id = files.insert({ folder_id: folderId, path: `/photos/${i}.jpg`, size: 10, mtime_ms: 1, content_hash: `h${i}` });
      files.setState(id, 'ready');
      repo.markPlaced(id, 'duplicate', `h${i}`);
      ids.push(id);
    }
    // group 1: representative ids[0], members ids[1..3]
    repo.createGroup(1, 'duplicate', ids[0]);
    for (const id of ids.slice(1)) repo.addMember(id, 'duplicate', 1, 0.9, null);
  });
  afterEach(() => {
    db.close();
    tmp.cleanup();
  });

  const members = (): number[] => (repo.groups('duplicate')[0]?.members.map((m) => m.fileId) ?? []).sort((a, b) => a - b);
  const unplaced = (): number[] => repo.unplaced('duplicate', false).map((r) => r.id).sort((a, b) => a - b);

  it('keeps a group that loses a member but still has two, and leaves the others placed', () => {
    files.delete(ids[3]);
    repo.prune('duplicate');
    expect(members()).toEqual([ids[0], ids[1], ids[2]]);
    expect(unplaced()).toEqual([]);
  });

  it('dissolves a group whose representative left: the others were only checked against it, so they are placed again', () => {
    files.delete(ids[0]);
    repo.prune('duplicate');
    expect(repo.groups('duplicate')).toEqual([]);
    expect(unplaced()).toEqual([ids[1], ids[2], ids[3]]);
  });

  it('takes a member whose content changed out of its group, to be placed again; an edited representative dissolves it', () => {
    files.replaceContent(ids[2], 11, 2, 'edited');
    files.setState(ids[2], 'ready'); // re-analysed
    repo.prune('duplicate');
    expect(members()).toEqual([ids[0], ids[1], ids[3]]);
    expect(unplaced()).toEqual([ids[2]]);
    files.replaceContent(ids[0], 11, 2, 'edited-too');
    files.setState(ids[0], 'ready');
    repo.prune('duplicate');
    expect(repo.groups('duplicate')).toEqual([]);
    expect(unplaced()).toEqual([ids[0], ids[1], ids[2], ids[3]]);
  });

  it('drops a group left with one member', () => {
    for (const id of ids.slice(1)) files.delete(id);
    repo.prune('duplicate');
    expect(repo.groups('duplicate')).toEqual([]);
    expect(unplaced()).toEqual([]); // the representative alone was compared and found unique, nothing to redo
  });
});

describe('DuplicateRepository.allNeighbours', () => {
  it("gives every photo's recorded neighbours, either way round, in the order a row at a time gave them, across spans of ids", () => {
    const tmp = makeTempDir();
    const db = openCatalogDb(tmp.dir);
    try {
      const repo = new DuplicateRepository(db);
      const folderId = new FolderRepository(db).insert('/far').id;
      const insert = db.prepare("INSERT INTO files (id, folder_id, path, size, mtime_ms, content_hash, added_at, updated_at) VALUES (?, ?, ?, 10, 1, 'x' || ?, 1, 1)");
      const ids = [1, 2, 3, 4095, 4096, 4097, 5000, 8191, 8192, 12_289, 70_001, 123_456];
      for (const id of ids) insert.run(id, folderId, `/far/${id}.jpg`, id);
      let seed = 5;
      const rnd = (): number => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
      for (const id of ids) repo.saveNeighbours(id, ids.filter((o) => o !== id && rnd() < 0.4));
      // what reading a row at a time gave (the version before)
      const expected = new Map<number, number[]>();
      const add = (a: number, b: number): void => {
        const list = expected.get(a);
        if (!list) expected.set(a, [b]);
        else if (!list.includes(b)) list.push(b);
      };
      for (const [a, b] of db.prepare('SELECT file_id, other_id FROM dup_candidates ORDER BY file_id, other_id').raw().all() as [number, number][]) {
        add(a, b);
        add(b, a);
      }
      const all = repo.allNeighbours();
      expect(all).toEqual(expected);
      for (const id of ids) expect([...(all.get(id) ?? [])].sort((a, b) => a - b)).toEqual([...(repo.neighboursOf(id) ?? [])].sort((a, b) => a - b));
    } finally {
      db.close();
      tmp.cleanup();
    }
  });
});
