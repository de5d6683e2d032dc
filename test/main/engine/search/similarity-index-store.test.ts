import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SimilarityIndexStore } from '../../../../src/main/engine/search/similarity-index-store.js';
import { SettingsStore } from '../../../../src/main/engine/settings.js';
import { useTempCatalog } from '../../../helpers/temp-catalog.js';

describe('the similarity index store', () => {
  const home = useTempCatalog();

  const unit = (i: number) => Float32Array.from({ length: 4 }, (_, k) => (k === i ? 1 : 0));
  /** what every process on this catalog passes: one settings table, one index folder */
  const shared = () => ({ settings: new SettingsStore(home.db), indexDir: path.join(home.dir, 'index'), name: 'similarity', dim: () => 4, log: () => {} });

  it('callers that open while a rebuild runs get the rebuilt index, never the one it closes', async () => {
    let rebuilds = 0;
    const store: SimilarityIndexStore = new SimilarityIndexStore({
      ...shared(),
      catalogHasVectors: () => true,
      // a rebuild takes a while (projecting the library): the photos being embedded meanwhile ask for the index too
      rebuild: async () => {
        rebuilds++;
        await new Promise((resolve) => setTimeout(resolve, 20));
        return store.replace(4, [0, 1, 2].map((i) => ({ id: i + 1, vector: unit(i) })));
      },
    });
    const opened = await Promise.all([store.open(), store.open(), store.open()]);
    expect(rebuilds).toBe(1);
    for (const index of opened) expect(index.size()).toBe(3); // a closed index would throw here
    expect(await store.open()).toBe(opened[0]);
    store.close();
  });

  it('a second process that changed the catalog makes this one load the newer file', async () => {
    const anotherProcess = () => new SimilarityIndexStore({ ...shared(), catalogHasVectors: () => false, rebuild: () => Promise.reject(new Error('not expected')) });
    const mine = anotherProcess();
    const theirs = anotherProcess();
    expect((await mine.open()).size()).toBe(0);
    theirs.replace(4, [{ id: 7, vector: unit(0) }]);
    theirs.save();
    const reloaded = await mine.open();
    expect(reloaded.ids()).toEqual([7]);
    mine.close(false);
    theirs.close(false);
  });
});
