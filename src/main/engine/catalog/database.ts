import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MIGRATIONS, type Migration } from './migrations.js';
import { CATALOG_FILE, catalogPath, checkCatalogPresent, damaged, quickCheck, writeMarker } from '../home/catalog-health.js';
import { isCorrupt, isReadOnly } from '../home/home-errors.js';
import { LibraryError } from '../errors.js';

export { CATALOG_FILE };

export type CatalogDb = Database.Database;

export interface OpenCatalogOptions {
  /**
   * A reading command's connection: opened read-only, so SQLite never writes the catalog (not even the checkpoint
   * of a crashed writer's log at close), the home's marker is not written, and a catalog whose schema is behind is
   * migrated in a private copy, never in place (the next writer migrates the real one).
   */
  reader?: boolean;
  /** the user chose to start a new, empty catalog (`loupe doctor --start-fresh`): a missing one is not damage */
  fresh?: boolean;
}

/** Connections on a private copy of a home that cannot be written (see isReadOnlyHome). */
const readOnlyHomes = new WeakSet<CatalogDb>();

/** Whether this catalog was opened from a home that cannot be written (as opposed to a reader by choice). */
export function isReadOnlyHome(db: CatalogDb): boolean {
  return readOnlyHomes.has(db);
}

/**
 * Opens (creating if needed) the catalog of a library home and brings its schema up to date. A catalog that is
 * damaged, or missing or empty although the home had one, is never replaced by a new one: CatalogDamagedError
 * (see home/catalog-health.ts). A home that cannot be written is opened read-only (`db.readonly`, isReadOnlyHome).
 */
export function openCatalogDb(home: string, migrations: readonly Migration[] = MIGRATIONS, options: OpenCatalogOptions = {}): CatalogDb {
  if (!options.fresh) checkCatalogPresent(home);
  // A reader of a home with no catalog yet makes the empty one, as a first start does: nothing can be lost.
  const reader = options.reader === true && fs.existsSync(catalogPath(home));
  let db: CatalogDb;
  let readOnlyHome = false;
  try {
    if (reader) {
      db = new Database(catalogPath(home), { readonly: true, fileMustExist: true });
      db.pragma('schema_version'); // a damaged or unreadable file says so here
    } else {
      fs.mkdirSync(home, { recursive: true });
      db = new Database(catalogPath(home));
      // WAL: readers (the UI, `loupe status`) never block the indexer, and a kill -9 loses at most the
      // transaction in flight. synchronous=NORMAL is durable across process crashes in WAL mode.
      db.pragma('journal_mode = WAL');
    }
  } catch (err) {
    if (isCorrupt(err)) throw damaged(home, 'damaged', (err as Error).message);
    if (!isReadOnly(err) && (err as { code?: string }).code !== 'SQLITE_CANTOPEN') throw err;
    if (!fs.existsSync(catalogPath(home))) throw new LibraryError('invalid', `The library home ${home} cannot be written, and holds no catalog yet.`);
    // A read-only disk or folder: reading commands still work, on a private copy (SQLite cannot read a WAL-mode
    // catalog in place without writing its shared-memory file beside it).
    db = new Database(privateCopy(home), { readonly: true, fileMustExist: true });
    readOnlyHome = true;
  }
  try {
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // A second connection waits for the writer's transaction instead of failing (every transaction is short; whole
    // runs are serialised by the home's writer lock, home/library-lock.ts).
    db.pragma('busy_timeout = 10000');
    const problem = quickCheck(db);
    if (problem) throw damaged(home, 'damaged', problem);
    if (reader && schemaVersion(db) < newestVersion(migrations)) {
      // Migrating is writing: a reader brings a private copy up to date instead.
      db.close();
      db = new Database(privateCopy(home));
      db.pragma('foreign_keys = ON');
    }
    migrate(db, migrations);
    if (reader) db.pragma('query_only = ON');
    else if (!db.readonly) writeMarker(home);
  } catch (err) {
    db.close();
    if (isCorrupt(err)) throw damaged(home, 'damaged', (err as Error).message);
    throw err;
  }
  if (readOnlyHome) readOnlyHomes.add(db);
  return db;
}

/** Copies a home's catalog (and its write-ahead log) to a private temporary folder, removed at exit: a read-only
 *  home's catalog, or one a reader must migrate. */
function privateCopy(home: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loupe-read-only-'));
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  const copy = path.join(dir, CATALOG_FILE);
  fs.copyFileSync(catalogPath(home), copy);
  if (fs.existsSync(`${catalogPath(home)}-wal`)) fs.copyFileSync(`${catalogPath(home)}-wal`, `${copy}-wal`);
  return copy;
}

export function schemaVersion(db: CatalogDb): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function newestVersion(migrations: readonly Migration[]): number {
  return migrations.reduce((max, m) => Math.max(max, m.version), 0);
}

function migrate(db: CatalogDb, migrations: readonly Migration[]): void {
  const current = schemaVersion(db);
  const newest = newestVersion(migrations);
  if (current > newest) {
    throw new LibraryError(
      'invalid',
      `The catalog was written by a newer Loupe (schema ${current}, this one knows up to ${newest}). ` +
        'Update Loupe, or use another --home.',
    );
  }
  if (current < newest && db.readonly) {
    throw new LibraryError('invalid', 'The catalog needs an update for this version of Loupe, but its library home is read-only.');
  }
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      m.rewrite?.(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}
