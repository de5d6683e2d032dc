// The incremental update equals a grouping from scratch for a photo that matched nothing when it was placed: a copy
// that matches only the original, which arrives later and is no neighbour of it (the stranger trial 9: a screenshot
// and a crop of pictures whose copies were indexed before their originals stayed alone). The real catalog and
// service; the embeddings given, so that which pair matches is decided here, not by a model.
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CatalogDb } from '../../../../src/main/engine/catalog/database.js';
import { openCatalogDb } from '../../../../src/main/engine/catalog/database.js';
import { DuplicateRepository } from '../../../../src/main/engine/catalog/duplicate-repository.js';
import { FileRepository } from '../../../../src/main/engine/catalog/file-repository.js';
import { HashRepository } from '../../../../src/main/engine/catalog/hash-repository.js';
import { DuplicateService } from '../../../../src/main/engine/duplicates/duplicate-service.js';
import { SettingsStore } from '../../../../src/main/engine/settings.js';
import { makeTempDir } from '../../../helpers/fixtures.js';

/** A unit vector in the plane at `deg` degrees: cosines between them are cosines of the angles between. */
const at = (deg: number): Float32Array => new Float32Array([Math.cos((deg * Math.PI) / 180), Math.sin((deg * Math.PI) / 180), 0]);

describe('an incremental update places again a photo left alone, as a grouping from scratch would', () => {
  let tmp: { dir: string; cleanup: () => void };
  let db: CatalogDb;
  const vectors = new Map<number, Float32Array>();

  beforeEach(() => {
    tmp = makeTempDir();
    db = openCatalogDb(path.join(tmp.dir, 'home'), undefined, { fresh: true });
    db.prepare("INSERT INTO folders (id, path, added_at) VALUES (1, '/photos', 0)").run();
  });
  afterEach(() => {
    db.close();
    tmp.cleanup();
  });

  const service = (): DuplicateService =>
    new DuplicateService({
      repo: new DuplicateRepository(db),
      files: new FileRepository(db),
      hashes: new HashRepository(db),
      settings: new SettingsStore(db),
      embeddingOf: (id) => vectors.get(id),
      neighbourIds: () => Promise.resolve([]),
    });
  /** a ready photo (no hashes, no keypoints: the embedding decides), its recorded neighbours by embedding */
  const photo = (name: string, width: number, mtimeMs: number, deg: number, neighbours: number[]): number => {
    const id = Number(
      db.prepare(
        `INSERT INTO files (folder_id, path, size, mtime_ms, content_hash, width, height, state, added_at, updated_at)
         VALUES (1, ?, 1000, ?, ?, ?, ?, 'ready', 0, 0)`,
      ).run(`/photos/${name}`, mtimeMs, `content-${name}`, width, Math.round(width * 0.75)).lastInsertRowid,
    );
    vectors.set(id, at(deg));
    new DuplicateRepository(db).saveNeighbours(id, neighbours);
    return id;
  };
  const groups = async (s: DuplicateService): Promise<string[][]> =>
    (await s.groups()).filter((g) => g.level !== 'similar').map((g) => g.members.map((m) => path.basename(m.path)).sort());

  it('compares the copy that matched nothing with the original that arrived after it', async () => {
    // copies first: a captioned copy and a screenshot, alike to the original (cosine 0.95 each) but not to each
    // other (0.81, under the embedding's 0.90): each alone. The screenshot's nearest photo is the captioned copy.
    const captioned = photo('captioned.jpg', 2000, 2e12, 18.2, []);
    photo('screenshot.png', 1600, 2e12, -18.2, [captioned]);
    const s = service();
    expect(await groups(s)).toEqual([]);
    // the original arrives; of the two, only the captioned copy is among its recorded neighbours
    photo('original.jpg', 2000, 1e12, 0, [captioned]);
    const incremental = await groups(s);
    // from scratch, over the same catalog
    db.exec("DELETE FROM dup_members; DELETE FROM dup_groups; DELETE FROM dup_placed; DELETE FROM settings WHERE key LIKE 'duplicates.%'");
    const scratch = await groups(service());
    expect(scratch).toEqual([['captioned.jpg', 'original.jpg', 'screenshot.png']]);
    expect(incremental).toEqual(scratch);
  });
});
