import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCatalogDb, type CatalogDb } from '../../../../src/main/engine/catalog/database.js';
import { FileRepository } from '../../../../src/main/engine/catalog/file-repository.js';
import { FolderRepository } from '../../../../src/main/engine/catalog/folder-repository.js';
import { homeLayout } from '../../../../src/main/engine/home.js';
import { Job } from '../../../../src/main/engine/jobs/job.js';
import { LibraryService } from '../../../../src/main/engine/library/library-service.js';
import { AnalyzeStage } from '../../../../src/main/engine/pipeline/analyze-stage.js';
import type { Stage } from '../../../../src/main/engine/pipeline/stage.js';
import { makeTempDir } from '../../../helpers/fixtures.js';

/** A quick stage that does nothing but can be given a new version (an upgrade of Loupe). */
const quickStage = (version: number): Stage => ({ name: 'tags', version, run: async () => {} });

describe('photo states at a writer start: in full after an upgrade, only the unfinished ones otherwise', () => {
  let tmp: { dir: string; cleanup: () => void };
  let db: CatalogDb;
  let files: FileRepository;
  let lib: string;

  beforeEach(async () => {
    tmp = makeTempDir();
    lib = path.join(tmp.dir, 'Photos');
    fs.mkdirSync(lib);
    for (const [i, colour] of ['#c33', '#3c3'].entries()) {
      await sharp({ create: { width: 64, height: 48, channels: 3, background: colour } }).jpeg().toFile(path.join(lib, `p${i}.jpg`));
    }
    db = openCatalogDb(path.join(tmp.dir, 'home'));
    files = new FileRepository(db);
  });

  afterEach(() => {
    db.close();
    tmp.cleanup();
  });

  const service = (version: number): LibraryService => {
    const layout = homeLayout(path.join(tmp.dir, 'home'));
    return new LibraryService({
      files, folders: new FolderRepository(db), layout, stages: [new AnalyzeStage(layout.thumbnails), quickStage(version)], concurrency: 1, warn: () => {},
    });
  };
  const stateOf = (name: string): string | undefined => files.byPath(path.join(lib, name))?.state;

  it('a photo a crash left pending with every stage done is made ready; a new stage version makes ready photos pending', async () => {
    const v1 = service(1);
    await v1.addFolder(lib);
    await v1.index(new Job('index'));
    const checked = v1.refreshStates(undefined);
    expect([stateOf('p0.jpg'), stateOf('p1.jpg')]).toEqual(['ready', 'ready']);

    // killed between its last stage and its state: at the next start it is ready without any work
    files.setState(files.byPath(path.join(lib, 'p0.jpg'))!.id, 'pending');
    expect(v1.refreshStates(checked)).toBe(checked);
    expect(stateOf('p0.jpg')).toBe('ready');

    // an upgrade: the stage's new version is due for every photo, and the full check says so
    const v2 = service(2);
    const next = v2.refreshStates(checked);
    expect(next).not.toBe(checked);
    expect([stateOf('p0.jpg'), stateOf('p1.jpg')]).toEqual(['pending', 'pending']);
    await v2.index(new Job('index'));
    expect([stateOf('p0.jpg'), stateOf('p1.jpg')]).toEqual(['ready', 'ready']);
  });
});
