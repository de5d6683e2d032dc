import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCatalogDb, type CatalogDb } from '../../../../src/main/engine/catalog/database.js';
import { FileRepository } from '../../../../src/main/engine/catalog/file-repository.js';
import { FolderRepository } from '../../../../src/main/engine/catalog/folder-repository.js';
import { HashRepository, packHashes, unpackHashes } from '../../../../src/main/engine/catalog/hash-repository.js';
import { makeTempDir } from '../../../helpers/fixtures.js';

const MAX = (1n << 64n) - 1n;
const TOP = 1n << 63n;

describe('packHashes / unpackHashes', () => {
  it('round-trips 64-bit hashes, including values with the top bit set, in order', () => {
    const hashes = [0n, 1n, TOP, MAX, TOP | 0x1234_5678n, 0x7fff_ffff_ffff_ffffn, 0xdead_beef_0000_0001n];
    const packed = packHashes(hashes);
    expect(packed.length).toBe(8 * hashes.length);
    expect(unpackHashes(packed)).toEqual(hashes);
    // big-endian: the top bit is the first bit of the blob
    expect(packHashes([TOP])[0]).toBe(0x80);
    expect(unpackHashes(packHashes([]))).toEqual([]);
  });
});

describe('HashRepository', () => {
  let tmp: { dir: string; cleanup: () => void };
  let db: CatalogDb;
  let files: FileRepository;
  let repo: HashRepository;
  let folderId: number;
  beforeEach(() => {
    tmp = makeTempDir();
    db = openCatalogDb(tmp.dir);
    files = new FileRepository(db);
    repo = new HashRepository(db);
    folderId = new FolderRepository(db).insert('/photos').id;
  });
  afterEach(() => {
    db.close();
    tmp.cleanup();
  });

  const addFile = (name: string, contentHash: string): number =>
    files.insert({ folder_id: folderId, path: `/photos/${name}`, size: 1000, mtime_ms: 1, content_hash: contentHash });

  const hashesA = { whole: [TOP | 1n, 2n, MAX, 4n, 5n, 6n, 7n, 8n], centre: [9n, TOP, 11n, 12n, 13n, 14n, 15n, 16n], content: [17n, 18n, 19n, 20n, 21n, 22n, 23n, TOP], residualRms: 27.5 };

  it('saves and reads back a file’s hashes, and lists them all', () => {
    const a = addFile('a.jpg', 'content-a');
    const b = addFile('b.jpg', 'content-b');
    repo.save(a, 'content-a', hashesA);
    repo.save(b, 'content-b', { whole: [1n], centre: [2n], content: [], residualRms: 1.5 });
    expect(repo.of(a)).toEqual({ fileId: a, ...hashesA });
    expect(repo.of(b)).toEqual({ fileId: b, whole: [1n], centre: [2n], content: [], residualRms: 1.5 });
    expect([...repo.all()].sort((x, y) => x.fileId - y.fileId)).toEqual([
      { fileId: a, ...hashesA },
      { fileId: b, whole: [1n], centre: [2n], content: [], residualRms: 1.5 },
    ]);
    // a file never hashed has none
    expect(repo.of(addFile('c.jpg', 'content-c'))).toBeUndefined();
  });

  it('hides hashes of a file whose content changed since, until they are saved again', () => {
    const a = addFile('a.jpg', 'content-a');
    const b = addFile('b.jpg', 'content-b');
    repo.save(a, 'content-a', hashesA);
    repo.save(b, 'content-b', { whole: [1n], centre: [2n], content: [], residualRms: 1.5 });
    files.replaceContent(a, 2000, 2, 'content-a2');
    expect(repo.of(a)).toBeUndefined();
    expect([...repo.all()].map((h) => h.fileId)).toEqual([b]);
    // re-hashed: the row is replaced, not duplicated
    repo.save(a, 'content-a2', { whole: [42n], centre: [43n], content: [], residualRms: 3.25 });
    expect(repo.of(a)).toEqual({ fileId: a, whole: [42n], centre: [43n], content: [], residualRms: 3.25 });
    expect([...repo.all()]).toHaveLength(2);
    expect(db.prepare('SELECT COUNT(*) AS n FROM photo_hashes').get()).toEqual({ n: 2 });
  });

  it('saving under an old content hash (a hash computed before the file changed) is not served as current', () => {
    const a = addFile('a.jpg', 'content-new');
    repo.save(a, 'content-old', hashesA);
    expect(repo.of(a)).toBeUndefined();
    expect([...repo.all()]).toEqual([]);
  });
});
