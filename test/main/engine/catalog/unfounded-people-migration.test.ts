// Only faces the detector is sure of found a person now (migration 350): a person the earlier rule founded from
// unsure faces alone goes back to grouping on upgrade, unless the user decided anything about it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCatalogDb } from '../../../../src/main/engine/catalog/database.js';
import { FileRepository } from '../../../../src/main/engine/catalog/file-repository.js';
import { FolderRepository } from '../../../../src/main/engine/catalog/folder-repository.js';
import { MIGRATIONS } from '../../../../src/main/engine/catalog/migrations.js';
import { FaceRepository } from '../../../../src/main/engine/faces/face-repository.js';
import { makeTempDir } from '../../../helpers/fixtures.js';

describe('people founded by unsure faces alone, released once (migration 350)', () => {
  let tmp: { dir: string; cleanup: () => void };
  beforeEach(() => {
    tmp = makeTempDir();
  });
  afterEach(() => tmp.cleanup());

  it('releases an untouched person of unsure faces and keeps every person with a sure face or a decision', () => {
    const old = openCatalogDb(tmp.dir, MIGRATIONS.filter((m) => m.version < 350));
    const folder = new FolderRepository(old).insert('/photos');
    const files = new FileRepository(old);
    const faces = new FaceRepository(old);
    let n = 0;
    /** a person of faces with these detector scores, each in a photo of its own */
    const person = (scores: number[], name: string | null = null): { id: number; faces: number[] } => {
      const id = faces.createPerson(name);
      const ids = scores.map((score) => {
        const file = files.insert({ folder_id: folder.id, path: `/photos/p${++n}.jpg`, size: 1, mtime_ms: 1, content_hash: `h${n}` });
        return faces.insert(file, `h${n}`, 'detected', {
          box: [0, 0, 40, 40], landmarks: null, score, sharpness: 10, eyeDistance: 15, quality: 'ok', descriptor: new Float32Array(4).fill(0.5), model: 'm',
        });
      });
      faces.assign(ids, id, 'auto');
      return { id, faces: ids };
    };
    const things = person([0.72, 0.74, 0.71]);
    const real = person([0.9, 0.85, 0.72]);
    const named = person([0.72, 0.73, 0.71], 'Ann');
    const hidden = person([0.72, 0.73, 0.71]);
    faces.setHidden(hidden.id, true);
    const rejected = person([0.72, 0.73, 0.71]);
    const stranger = person([0.95]);
    faces.reject(stranger.faces[0], rejected.id);
    const moved = person([0.72, 0.73, 0.71]);
    faces.assign([moved.faces[0]], moved.id, 'user');
    old.close();

    const db = openCatalogDb(tmp.dir);
    try {
      const repo = new FaceRepository(db);
      expect(repo.people().map((p) => p.id)).toEqual([real, named, hidden, rejected, stranger, moved].map((p) => p.id));
      for (const id of things.faces) expect(repo.byId(id)).toMatchObject({ person_id: null, assigned_by: null });
      for (const p of [real, named, hidden, rejected, moved]) {
        for (const id of p.faces) expect(repo.byId(id)?.person_id).toBe(p.id);
      }
    } finally {
      db.close();
    }
  });
});
