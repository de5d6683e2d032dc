// `loupe status`'s per-stage counts are counted from the stage index (migration 451) instead of probing every photo
// for every stage: on a catalog with every kind of row it has (stages done at old versions, bytes replaced, failed
// photos, errors that keep a photo from a stage and errors that do not), they are what probing every photo gives.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCatalogDb, type CatalogDb } from '../../../../src/main/engine/catalog/database.js';
import { FileRepository, type StageVersion } from '../../../../src/main/engine/catalog/file-repository.js';
import { FolderRepository } from '../../../../src/main/engine/catalog/folder-repository.js';
import { MIGRATIONS } from '../../../../src/main/engine/catalog/migrations.js';
import { makeTempDir } from '../../../helpers/fixtures.js';

const STAGES: StageVersion[] = [{ stage: 'analyze', version: 1 }, { stage: 'embed', version: 2 }, { stage: 'text', version: 3 }];

/** What the counts were before: every photo probed for every stage (dueIds), the failed ones left out. */
function probed(files: FileRepository): Record<string, number> {
  const failed = new Set(files.idsWithState('failed'));
  return Object.fromEntries(STAGES.map((s) => [s.stage, files.dueIds([s]).filter((id) => !failed.has(id)).length]));
}

/** A library in every state a photo's stages can be in; returns the files repository. */
function populate(db: CatalogDb): FileRepository {
  const folder = new FolderRepository(db).insert('/photos');
  const files = new FileRepository(db);
  const add = (i: number) => files.insert({ folder_id: folder.id, path: `/photos/p${String(i).padStart(2, '0')}.jpg`, size: 1, mtime_ms: 1, content_hash: `h${i}` });
  const done = (id: number, i: number, stage: string, version: number) => files.completeStage(id, `h${i}`, stage, version);
  const ids = Array.from({ length: 14 }, (_, i) => add(i));
  ids.forEach((id, i) => {
    done(id, i, 'analyze', 1);
    if (i % 3 !== 0) done(id, i, 'embed', i % 2 ? 2 : 1); // some at the old version, some never
    if (i % 4 === 0) done(id, i, 'text', 3);
    files.setState(id, 'ready');
  });
  // failed photos: one with stages done before it failed, one that failed its first stage
  files.failStage(ids[1], 'h1', 'analyze', 'corrupt', 'The JPEG image data is truncated or corrupt.', 1);
  files.failStage(ids[2], 'h2', 'read', 'unreadable', 'Permission to read the file was denied.');
  // a deep stage's photo error keeps the photo from that stage only; a passing error does not
  files.failStage(ids[5], 'h5', 'text', 'corrupt', 'The text could not be read.', 3, { keepState: true });
  files.failStage(ids[6], 'h6', 'embed', 'internal', 'The model process stopped.', 2, { keepState: true });
  // an error from an older version of its stage no longer keeps the photo
  files.failStage(ids[7], 'h7', 'text', 'corrupt', 'The text could not be read.', 2, { keepState: true });
  return files;
}

describe('pending per stage', () => {
  let tmp: { dir: string; cleanup: () => void };
  beforeEach(() => {
    tmp = makeTempDir();
  });
  afterEach(() => tmp.cleanup());

  it('counts what probing every photo for every stage gives, through new bytes, failures and errors', () => {
    const db = openCatalogDb(tmp.dir);
    try {
      const files = populate(db);
      const before = probed(files);
      expect(files.pendingByStage(STAGES)).toEqual(before);
      expect(before.embed * before.text).toBeGreaterThan(0);
      // new bytes at a path: every stage due again for it
      const id = files.byPath('/photos/p08.jpg')!.id;
      files.replaceContent(id, 2, 2, 'h8-edited');
      expect(files.pendingByStage(STAGES)).toEqual(probed(files));
      expect(files.pendingByStage(STAGES).analyze).toBe(before.analyze + 1);
      files.completeStage(id, 'h8-edited', 'analyze', 1);
      files.completeStage(id, 'h8-edited', 'text', 3);
      expect(files.pendingByStage(STAGES)).toEqual(probed(files));
    } finally {
      db.close();
    }
  });

  it('counts a catalog from before the stage index alike, rows of replaced bytes included (migration 451)', () => {
    const old = openCatalogDb(tmp.dir, MIGRATIONS.filter((m) => m.version < 451));
    const files = populate(old);
    // bytes replaced as it was done then: the stage rows of the old bytes stayed
    const id = files.byPath('/photos/p04.jpg')!.id;
    old.prepare("UPDATE files SET content_hash = 'h4-edited', state = 'pending' WHERE id = ?").run(id);
    const before = probed(files);
    old.close();
    const db = openCatalogDb(tmp.dir);
    try {
      const upgraded = new FileRepository(db);
      expect(probed(upgraded)).toEqual(before);
      expect(upgraded.pendingByStage(STAGES)).toEqual(before);
    } finally {
      db.close();
    }
  });
});
