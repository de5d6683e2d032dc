// The raw model features of each file: read one file at a time or many in one go, the same; only features of a file's
// current content are read.
import { describe, expect, it } from 'vitest';
import { FeatureRepository } from '../../../../src/main/engine/catalog/feature-repository.js';
import { FileRepository } from '../../../../src/main/engine/catalog/file-repository.js';
import { FolderRepository } from '../../../../src/main/engine/catalog/folder-repository.js';
import { useTempCatalog } from '../../../helpers/temp-catalog.js';

describe('FeatureRepository', () => {
  const home = useTempCatalog();

  it('reads many files in one go as one at a time: in the order asked, current content only, empty where none', () => {
    const files = new FileRepository(home.db);
    const features = new FeatureRepository(home.db);
    const folderId = new FolderRepository(home.db).insert('/photos').id;
    const ids = Array.from({ length: 1203 }, (_, i) => files.insert({ folder_id: folderId, path: `/photos/${i}.jpg`, size: 10, mtime_ms: 1, content_hash: `h${i}` }));
    ids.forEach((id, i) => {
      if (i % 7 === 3) return; // never embedded
      features.save(id, `h${i}`, { mobilenet: Float32Array.from([i, 0.5, -i]), centernet: Float32Array.from([i / 3]) });
    });
    home.db.prepare('UPDATE files SET content_hash = ? WHERE id = ?').run('edited', ids[10]); // its features are of the old content
    const asked = [...ids].reverse().concat(ids[5]);
    const many = features.ofMany(asked);
    expect(many).toEqual(asked.map((id) => features.of(id)));
    expect(many[asked.indexOf(ids[10])]).toEqual({});
    expect(many[asked.indexOf(ids[3])]).toEqual({});
    expect(many[asked.indexOf(ids[4])].mobilenet).toEqual(Float32Array.from([4, 0.5, -4]));
  });
});
