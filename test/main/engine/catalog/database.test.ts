import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCatalogDb, schemaVersion } from '../../../../src/main/engine/catalog/database.js';
import { MIGRATIONS } from '../../../../src/main/engine/catalog/migrations.js';
import { makeTempDir } from '../../../helpers/fixtures.js';

describe('catalog database', () => {
  let tmp: { dir: string; cleanup: () => void };
  beforeEach(() => {
    tmp = makeTempDir();
  });
  afterEach(() => tmp.cleanup());

  it('creates a WAL-mode SQLite file at the newest schema and reopens it without re-running migrations', () => {
    const db = openCatalogDb(tmp.dir);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(schemaVersion(db)).toBe(Math.max(...MIGRATIONS.map((m) => m.version)));
    db.prepare("INSERT INTO folders (path, added_at) VALUES ('/photos', 1)").run();
    db.close();
    const again = openCatalogDb(tmp.dir);
    expect(again.prepare('SELECT COUNT(*) AS n FROM folders').get()).toEqual({ n: 1 });
    again.close();
  });

  it('applies a later migration once, and refuses a catalog from a newer Loupe', () => {
    openCatalogDb(tmp.dir).close();
    const next = [...MIGRATIONS, { version: 999, description: 'test', sql: 'CREATE TABLE extra (x INTEGER);' }];
    const db = openCatalogDb(tmp.dir, next);
    expect(schemaVersion(db)).toBe(999);
    db.close();
    expect(() => openCatalogDb(tmp.dir)).toThrow(/newer Loupe/);
    expect(path.basename(tmp.dir)).toMatch(/^loupe-test-/);
  });
});
