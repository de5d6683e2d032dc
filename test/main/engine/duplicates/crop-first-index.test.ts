// A tight crop is matched only by its local features, which the copy-quality stage (a deep one) stores after the
// quick pass has grouped the library: the first index of a library must still put the crop with its original, as a
// reading command (`loupe duplicates`, which never regroups) then reads the groups.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCatalogDb } from '../../../../src/main/engine/catalog/database.js';
import { LoupeEngine } from '../../../../src/main/engine/engine.js';
import { makeTempDir, TEST_PHOTOS } from '../../../helpers/fixtures.js';

describe('a crop found by its local features on the first index of a library', () => {
  const tmp = makeTempDir();
  const lib = path.join(tmp.dir, 'lib');
  let engine: LoupeEngine;
  const p = (name: string): string => path.join(lib, name);

  beforeAll(async () => {
    fs.mkdirSync(lib, { recursive: true });
    fs.copyFileSync(path.join(TEST_PHOTOS, 'hires/lomiri16__aitzgorri_by_Aitzol_Berasategi.jpg'), p('img-1.jpg'));
    const meta = await sharp(p('img-1.jpg')).metadata();
    // 80% of each side: too much gone for the perceptual hash, plenty of shared detail for the keypoints
    await sharp(p('img-1.jpg'))
      .extract({ left: Math.round(meta.width! * 0.1), top: Math.round(meta.height! * 0.1), width: Math.round(meta.width! * 0.8), height: Math.round(meta.height! * 0.8) })
      .jpeg({ quality: 85 })
      .toFile(p('img-2.jpg'));
    engine = LoupeEngine.open({ home: path.join(tmp.dir, 'home'), warn: () => {} });
    await engine.library.addFolder(lib);
    await engine.library.index();
    await engine.close();
    engine = LoupeEngine.open({ home: path.join(tmp.dir, 'home'), warn: () => {}, reader: true });
  }, 180_000);

  afterAll(async () => {
    await engine?.close();
    tmp.cleanup();
  });

  it('groups the crop with its original, matched by its details, and keeps the original', async () => {
    const groups = await engine.duplicates.groups();
    expect(groups).toHaveLength(1);
    expect(groups[0].members.map((m) => m.path).sort()).toEqual([p('img-1.jpg'), p('img-2.jpg')]);
    expect(groups[0].keepId).toBe(engine.library.photoIdAt(p('img-1.jpg')));
    const crop = groups[0].members.find((m) => m.path === p('img-2.jpg'))!;
    expect(crop.match?.rule).toBe('local');
  });

  it('checked the pair point by point when the keypoints were found, both ways round (grouping reads the verdict)', () => {
    const db = openCatalogDb(path.join(tmp.dir, 'home'));
    try {
      expect(db.prepare('SELECT lo_hi, hi_lo FROM dup_local_checks').all()).toEqual([{ lo_hi: 1, hi_lo: 1 }]);
    } finally {
      db.close();
    }
  });
});
