// The copy-quality stage's keypoint checks, on a real catalog and real pictures: each photo against its recorded
// neighbours, and the pair grouping would otherwise check itself (a photo against the original its neighbour, a crop,
// lines up with), whichever of the three photos the deep pass reaches last; that pair one way round, as grouping
// compares it, with the check's own verdict.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { CopyQualityRepository } from '../../../../src/main/engine/catalog/copy-quality-repository.js';
import { DuplicateRepository } from '../../../../src/main/engine/catalog/duplicate-repository.js';
import { FileRepository } from '../../../../src/main/engine/catalog/file-repository.js';
import { FolderRepository } from '../../../../src/main/engine/catalog/folder-repository.js';
import { LocalCheckRepository } from '../../../../src/main/engine/catalog/local-check-repository.js';
import { checkOneWay } from '../../../../src/main/engine/duplicates/local-checks.js';
import { CopyQualityStage } from '../../../../src/main/engine/pipeline/copy-quality-stage.js';
import { REPO_ROOT } from '../../../helpers/fixtures.js';
import { cropOf } from '../../../helpers/keypoints.js';
import { useTempCatalog } from '../../../helpers/temp-catalog.js';

const fixture = (name: string): string => path.join(REPO_ROOT, 'test/fixtures/duplicates', name);

describe('CopyQualityStage', () => {
  const home = useTempCatalog();

  it('checks a photo against what its neighbours line up with, whichever of the three it reaches last', async () => {
    const lib = path.join(home.dir, 'lib');
    fs.mkdirSync(lib);
    // X the original, Y its crop (recorded near X), Z another picture recorded near Y only
    fs.copyFileSync(fixture('cold_water.jpg'), path.join(lib, 'x.jpg'));
    await (await cropOf(fixture('cold_water.jpg'), 0.7, [0.3, 0.6], 85)).toFile(path.join(lib, 'y.jpg'));
    fs.copyFileSync(fixture('grand_canyon_1.jpg'), path.join(lib, 'z.jpg'));
    const files = new FileRepository(home.db);
    const quality = new CopyQualityRepository(home.db);
    const checks = new LocalCheckRepository(home.db);
    const dups = new DuplicateRepository(home.db);
    const stage = new CopyQualityStage({ quality, checks, duplicates: dups });
    const folderId = new FolderRepository(home.db).insert(lib).id;
    const [X, Y, Z] = await Promise.all(['x', 'y', 'z'].map(async (name, i) => {
      const file = path.join(lib, `${name}.jpg`);
      const id = files.insert({ folder_id: folderId, path: file, size: fs.statSync(file).size, mtime_ms: 1, content_hash: `h${i}` });
      const m = await sharp(file).metadata();
      home.db.prepare('UPDATE files SET width = ?, height = ? WHERE id = ?').run(m.width, m.height, id);
      return id;
    }));
    dups.saveNeighbours(X, [Y]);
    dups.saveNeighbours(Z, [Y]);
    expect(checks.before(X, Y) && checks.before(X, Z), 'the original is placed first').toBe(true);
    const run = (id: number): Promise<void> => stage.run({ file: files.byId(id)!, scratch: {}, signal: new AbortController().signal, recordTiming: () => {} });
    for (const order of [[X, Y, Z], [Y, Z, X], [Z, X, Y]]) {
      home.db.exec('DELETE FROM photo_keypoints; DELETE FROM dup_local_checks');
      for (const id of [X, Y, Z]) dups.markPlaced(id, 'duplicate', files.byId(id)!.content_hash);
      for (const id of order) await run(id);
      // each is grouped again on the next update, its pairs decided on the keypoints stored now
      expect(dups.placedIds('duplicate').size).toBe(0);
      expect(checks.verdict(Y, X), 'the crop lines up with the original').toBeTruthy();
      // Z against X, one way round (X placed first), as the check itself decides it
      const zx = checks.verdict(Z, X);
      expect(zx, `found last: ${order[2]}`).not.toBeUndefined();
      expect(zx).toEqual(checkOneWay(quality.keypointsOf(Z)!, quality.keypointsOf(X)!));
      expect(checks.verdict(X, Z)).toBeUndefined();
    }
  });
});
