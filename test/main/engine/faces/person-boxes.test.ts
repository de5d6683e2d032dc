// Where the quick pass saw people, kept for the face stage of the deep pass: on a real catalog, valid for one content
// hash only, and only the detector's persons.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCatalogDb, type CatalogDb } from '../../../../src/main/engine/catalog/database.js';
import { FileRepository } from '../../../../src/main/engine/catalog/file-repository.js';
import { FolderRepository } from '../../../../src/main/engine/catalog/folder-repository.js';
import { PersonBoxRepository, personBoxes } from '../../../../src/main/engine/faces/person-boxes.js';
import { makeTempDir } from '../../../helpers/fixtures.js';

describe('person boxes', () => {
  let tmp: { dir: string; cleanup: () => void };
  let db: CatalogDb;
  let fileId: number;
  beforeEach(() => {
    tmp = makeTempDir();
    db = openCatalogDb(tmp.dir);
    const folderId = new FolderRepository(db).insert('/photos').id;
    fileId = new FileRepository(db).insert({ folder_id: folderId, path: '/photos/a.jpg', size: 1000, mtime_ms: 1, content_hash: 'h1' });
  });
  afterEach(() => {
    db.close();
    tmp.cleanup();
  });

  it('takes the persons among the detections', () => {
    const people = personBoxes([
      { label: 'person', labelZh: '人', score: 0.8, box: [0.1, 0.2, 0.3, 0.9] },
      { label: 'dog', labelZh: '狗', score: 0.9, box: [0.5, 0.5, 0.9, 0.9] },
    ]);
    expect(people).toEqual([{ box: [0.1, 0.2, 0.3, 0.9], score: 0.8 }]);
  });

  it('are kept for the content they were found in, and replaced when found again', () => {
    const repo = new PersonBoxRepository(db);
    expect(repo.of(fileId, 'h1')).toBeNull(); // indexed before they were kept: the model process finds them
    repo.save(fileId, 'h1', [{ box: [0.12345678, 0.2, 0.3, 0.9], score: 0.8 }]);
    expect(repo.of(fileId, 'h1')).toEqual([{ box: [0.1235, 0.2, 0.3, 0.9], score: 0.8 }]);
    expect(repo.of(fileId, 'h2')).toBeNull(); // the file changed since: not its persons any more
    repo.save(fileId, 'h2', []);
    expect(repo.of(fileId, 'h2')).toEqual([]); // no person: known, and not looked for again
    expect(repo.of(fileId, 'h1')).toBeNull();
  });
});
