import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCatalogDb } from '../../../../src/main/engine/catalog/database.js';
import { FeatureRepository } from '../../../../src/main/engine/catalog/feature-repository.js';
import { FileRepository } from '../../../../src/main/engine/catalog/file-repository.js';
import { FolderRepository } from '../../../../src/main/engine/catalog/folder-repository.js';
import { MIGRATIONS } from '../../../../src/main/engine/catalog/migrations.js';
import { BRANCH_DIMS } from '../../../../src/main/engine/embedding/features.js';
import { parseWhitening, serialiseWhitening } from '../../../../src/main/engine/embedding/whitening-file.js';
import { fitWhitening } from '../../../../src/main/engine/embedding/whitening.js';
import { SimilarityService } from '../../../../src/main/engine/search/similarity-service.js';
import { SettingsStore } from '../../../../src/main/engine/settings.js';
import { makeTempDir, REPO_ROOT } from '../../../helpers/fixtures.js';

/** Deterministic pseudo-random vector (no Math.random: the test must say the same every run). */
function vector(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) - 0.5);
}

const near = (v: Float32Array, seed: number) => Float32Array.from(v, (x, i) => x + 0.05 * vector(v.length, seed)[i]);

describe('the MobileNetV2 branch renamed from nsfw to mobilenet (migration 110)', () => {
  let tmp: { dir: string; cleanup: () => void };
  beforeEach(() => {
    tmp = makeTempDir();
  });
  afterEach(() => tmp.cleanup());

  it('a library indexed under the old name keeps its features, and find-similar still finds its photos', async () => {
    // The catalog as a Loupe before the rename wrote it: features stored under the branch name 'nsfw'.
    const old = openCatalogDb(tmp.dir, MIGRATIONS.filter((m) => m.version < 110));
    const folder = new FolderRepository(old).insert('/photos');
    const files = new FileRepository(old);
    const ids = [0, 1, 2].map((i) => files.insert({ folder_id: folder.id, path: `/photos/p${i}.jpg`, size: 1, mtime_ms: 1, content_hash: `h${i}` }));
    const first = { nsfw: vector(BRANCH_DIMS.mobilenet, 1), centernet: vector(BRANCH_DIMS.centernet, 2) };
    const stored = [first, { nsfw: near(first.nsfw, 3), centernet: near(first.centernet, 4) }, { nsfw: vector(BRANCH_DIMS.mobilenet, 5), centernet: vector(BRANCH_DIMS.centernet, 6) }];
    // (written as that schema had them: no recipe column yet, migration 320)
    const insert = old.prepare('INSERT INTO features (file_id, branch, content_hash, dims, data) VALUES (?, ?, ?, ?, ?)');
    stored.forEach((f, i) => {
      for (const [branch, v] of Object.entries(f)) insert.run(ids[i], branch, `h${i}`, v.length, Buffer.from(v.buffer, v.byteOffset, v.byteLength));
    });
    old.close();

    const db = openCatalogDb(tmp.dir);
    try {
      // read as recipe 1, the recipe they were computed with (the current one re-embeds them: recipe-change.test.ts)
      const features = new FeatureRepository(db, 1);
      expect(Object.keys(features.of(ids[0])).sort()).toEqual(['centernet', 'mobilenet']);
      expect(Array.from(features.of(ids[1]).mobilenet)).toEqual(Array.from(stored[1].nsfw));
      const similarity = new SimilarityService({
        features,
        files: new FileRepository(db),
        settings: new SettingsStore(db),
        indexDir: path.join(tmp.dir, 'index'),
        defaultWhiteningFile: path.join(REPO_ROOT, 'resources', 'models', 'whitening-default.bin'),
        log: () => {},
      });
      await similarity.afterIndexRun();
      const hits = await similarity.similarToFile(ids[0], 2);
      expect(hits.map((h) => h.id)).toEqual([ids[1], ids[2]]);
      similarity.close(false);
    } finally {
      db.close();
    }
  });

  it("a whitening file written under the old name (a library's own fit) still loads", async () => {
    const rows = [1, 2, 3, 4, 5, 6].map((s) => ({ mobilenet: vector(12, s), centernet: vector(8, s + 10) }));
    const fitted = await fitWhitening(rows, 'library', { mobilenet: { dims: 4, shrink: 1 }, centernet: { dims: 4, shrink: 1 } });
    const written = serialiseWhitening(fitted, 'old');
    // the same file with the branch named as before: the header is JSON after "LPWH" and its u32 length
    const len = written.readUInt32LE(4);
    const header = written.toString('utf8', 8, 8 + len).replaceAll('"mobilenet"', '"nsfw"');
    const pad = (n: number) => (n + 3) & ~3;
    const data = written.subarray(pad(8 + len));
    const head = Buffer.alloc(pad(8 + Buffer.byteLength(header)));
    head.write('LPWH', 0, 'ascii');
    head.writeUInt32LE(Buffer.byteLength(header), 4);
    head.write(header, 8, 'utf8');
    const before = Buffer.concat([head, data]);
    expect(before.toString('utf8')).toContain('"nsfw"');

    const loaded = parseWhitening(before);
    expect(Array.from(loaded.branches.mobilenet.projection)).toEqual(Array.from(fitted.branches.mobilenet.projection));
    expect(Array.from(loaded.branches.centernet.mean)).toEqual(Array.from(fitted.branches.centernet.mean));
  });
});
