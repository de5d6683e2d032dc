// A library embedded with an earlier embedding recipe (embedding/recipe.ts: recipe 1, the centernet branch from block
// 14) re-embeds photo by photo under the current one (block 13). While it does, the two kinds of features must never
// meet: not in a read of the catalog, not in the similarity index, not in the library's own whitening fit, not in a
// learned tag's examples. Every check here fails if an old row is read beside the new ones.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { restoreFileSnapshot, snapshotFile } from '../../../../src/main/engine/catalog/catalog-snapshot.js';
import { FeatureRepository } from '../../../../src/main/engine/catalog/feature-repository.js';
import { FileRepository } from '../../../../src/main/engine/catalog/file-repository.js';
import { FolderRepository } from '../../../../src/main/engine/catalog/folder-repository.js';
import { seededRandom } from '../../../../src/main/engine/embedding/linalg.js';
import { EMBEDDING_RECIPE_VERSION } from '../../../../src/main/engine/embedding/recipe.js';
import { decodeExamples, encodeFeatures } from '../../../../src/main/engine/learn/model-codec.js';
import { SimilarityService, similarityIndexName } from '../../../../src/main/engine/search/similarity-service.js';
import { libraryWhiteningName } from '../../../../src/main/engine/search/similarity-projection.js';
import { SettingsStore } from '../../../../src/main/engine/settings.js';
import { useTempCatalog } from '../../../helpers/temp-catalog.js';

const DEFAULT_WHITENING = path.join(import.meta.dirname, '../../../../resources/models/whitening-default.bin');
const OLD = EMBEDDING_RECIPE_VERSION - 1;

describe('an embedding recipe change', () => {
  const home = useTempCatalog();

  const rand = seededRandom(11);
  const raw = () => ({
    mobilenet: Float32Array.from({ length: 1344 }, () => (rand() < 0.4 ? 0 : rand() * 3)),
    centernet: Float32Array.from({ length: 720 }, () => (rand() < 0.4 ? 0 : rand() * 3)),
  });

  /** `n` photos, all embedded with the earlier recipe (as a library left by the previous version). */
  const library = (n: number) => {
    const files = new FileRepository(home.db);
    const folderId = new FolderRepository(home.db).insert('/photos').id;
    const ids = Array.from({ length: n }, (_, i) => files.insert({ folder_id: folderId, path: `/photos/${i}.jpg`, size: 10, mtime_ms: 1, content_hash: `h${i}` }));
    const old = new FeatureRepository(home.db, OLD);
    ids.forEach((id, i) => old.save(id, `h${i}`, raw()));
    return { files, ids, features: new FeatureRepository(home.db) };
  };

  it('is a new recipe, whose names differ from the earlier one', () => {
    expect(EMBEDDING_RECIPE_VERSION).toBeGreaterThan(1);
    expect(similarityIndexName()).not.toBe(similarityIndexName(undefined, OLD));
    expect(libraryWhiteningName()).not.toBe(libraryWhiteningName(OLD));
  });

  it('the catalog reads only the current recipe: a photo not re-embedded yet has no features', () => {
    const { ids, features } = library(30);
    const reembedded = ids.filter((_, i) => i % 3 === 0);
    for (const id of reembedded) features.save(id, `h${ids.indexOf(id)}`, raw());
    expect(features.count()).toBe(reembedded.length);
    expect(features.currentIds()).toEqual(reembedded);
    expect([...features.all()].map((x) => x.fileId)).toEqual(reembedded);
    const many = features.ofMany(ids);
    ids.forEach((id, i) => {
      expect(Object.keys(features.of(id)).length).toBe(reembedded.includes(id) ? 2 : 0);
      expect(many[i]).toEqual(features.of(id));
    });
    // what is still due (a learned tag whose examples are among them waits for them before it retrains)
    expect(features.awaitingReembed(ids)).toEqual(ids.filter((id) => !reembedded.includes(id)));
    // the earlier recipe's own reader still sees its rows (nothing was deleted), but not the re-embedded ones
    expect(new FeatureRepository(home.db, OLD).count()).toBe(ids.length - reembedded.length);
  });

  it('find-similar, its index and its whitening fit never see an earlier recipe\'s vectors', async () => {
    const { files, ids, features } = library(260);
    const indexDir = path.join(home.dir, 'index');
    fs.mkdirSync(indexDir, { recursive: true });
    // what the previous version left: its index and its own fit (here: files that must not be read)
    const oldIndex = path.join(indexDir, `${similarityIndexName(undefined, OLD)}.hnsw`);
    const oldMeta = path.join(indexDir, `${similarityIndexName(undefined, OLD)}.meta.json`);
    const oldFit = path.join(indexDir, libraryWhiteningName(OLD));
    fs.writeFileSync(oldIndex, 'the previous recipe\'s index');
    fs.writeFileSync(oldMeta, '{}');
    fs.writeFileSync(oldFit, 'the previous recipe\'s own whitening');
    const settings = new SettingsStore(home.db);
    settings.setRaw('similarity.lastFitPhotos', '260'); // the earlier recipe's fit, by its key
    const logs: string[] = [];
    const service = new SimilarityService({ features, files, settings, indexDir, defaultWhiteningFile: DEFAULT_WHITENING, log: (m) => logs.push(m) });

    // half-way through the re-embedding: 100 photos done
    const done = ids.slice(0, 100);
    for (const id of done) {
      features.save(id, `h${ids.indexOf(id)}`, raw());
      await service.onEmbedded(id, features.of(id));
    }
    await service.afterIndexRun();
    expect(await service.size()).toBe(done.length);
    expect(service.whiteningInUse().source).toBe('default'); // 100 new photos: the shipped fit, not the old own one
    const hits = await service.similarToFile(done[0], 300);
    expect(hits.length).toBe(done.length - 1);
    for (const h of hits) expect(done).toContain(h.id);
    await expect(service.similarToFile(ids[200], 5)).rejects.toThrow(/no similarity vector yet/);
    // the earlier recipe's files are gone once this recipe's index is written
    for (const f of [oldIndex, oldMeta, oldFit]) expect(fs.existsSync(f)).toBe(false);

    // the rest: the library's own fit is made on the new features alone, all 260 of them
    for (const id of ids.slice(100)) {
      features.save(id, `h${ids.indexOf(id)}`, raw());
      await service.onEmbedded(id, features.of(id));
    }
    await service.afterIndexRun();
    expect(logs.some((m) => /fitting the similarity whitening on 260 of this library's 260 photos/.test(m))).toBe(true);
    expect(service.whiteningInUse().source).toBe('library');
    expect(await service.size()).toBe(ids.length);
    service.close();
  });

  it('a photo put back from the trash keeps its features\' recipe (read if current, re-embedded if not)', () => {
    const { ids, features } = library(2);
    features.save(ids[0], 'h0', raw()); // re-embedded; ids[1] is not
    const folderId = new FolderRepository(home.db).insert('/elsewhere').id;
    for (const id of ids) {
      const snap = snapshotFile(home.db, id)!;
      home.db.prepare('DELETE FROM files WHERE id = ?').run(id);
      const back = restoreFileSnapshot(home.db, JSON.parse(JSON.stringify(snap)) as typeof snap, folderId);
      expect(Object.keys(features.of(back)).length).toBe(id === ids[0] ? 2 : 0);
    }
  });

  it('a learned tag\'s carried examples of an earlier recipe carry no features here', () => {
    const r = raw();
    const decoded = decodeExamples({
      examples: [
        { positive: true, features: encodeFeatures(r) }, // written before recipes were recorded: recipe 1
        { positive: true, features: encodeFeatures(r), recipe: OLD },
        { positive: false, features: encodeFeatures(r), recipe: EMBEDDING_RECIPE_VERSION },
      ],
    }, 'test');
    expect(decoded.map((e) => Object.keys(e.raw).length)).toEqual([0, 0, 2]);
    expect(decoded[2].raw.centernet).toEqual(r.centernet);
  });
});
