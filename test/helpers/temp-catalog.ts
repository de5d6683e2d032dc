// A real catalog in a temporary library home for each test of a suite: opened before each test, closed and removed
// after it.
import { afterEach, beforeEach } from 'vitest';
import { openCatalogDb, type CatalogDb } from '../../src/main/engine/catalog/database.js';
import { makeTempDir } from './fixtures.js';

export function useTempCatalog(): { readonly db: CatalogDb; readonly dir: string } {
  let tmp: { dir: string; cleanup: () => void } | undefined;
  let db: CatalogDb | undefined;
  beforeEach(() => {
    tmp = makeTempDir();
    db = openCatalogDb(tmp.dir);
  });
  afterEach(() => {
    db?.close();
    tmp?.cleanup();
  });
  return {
    get db(): CatalogDb {
      if (!db) throw new Error('the catalog is open only inside a test');
      return db;
    },
    get dir(): string {
      if (!tmp) throw new Error('the home exists only inside a test');
      return tmp.dir;
    },
  };
}
