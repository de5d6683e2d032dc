import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { MIGRATIONS, type Migration } from './migrations.js';

export type CatalogDb = Database.Database;

export const CATALOG_FILE = 'catalog.sqlite';

/** Opens (creating if needed) the catalog of a library home and brings its schema up to date. */
export function openCatalogDb(home: string, migrations: readonly Migration[] = MIGRATIONS): CatalogDb {
  fs.mkdirSync(home, { recursive: true });
  const db = new Database(path.join(home, CATALOG_FILE));
  // WAL: readers (the UI, `loupe status`) never block the indexer, and a kill -9 loses at most the
  // transaction in flight. synchronous=NORMAL is durable across process crashes in WAL mode.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // A second process (a `loupe status` beside a running `loupe watch`) waits instead of failing.
  db.pragma('busy_timeout = 5000');
  migrate(db, migrations);
  return db;
}

export function schemaVersion(db: CatalogDb): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function migrate(db: CatalogDb, migrations: readonly Migration[]): void {
  const current = schemaVersion(db);
  const newest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  if (current > newest) {
    throw new Error(
      `The catalog was written by a newer Loupe (schema ${current}, this one knows up to ${newest}). ` +
        'Update Loupe, or use another --home.',
    );
  }
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}
