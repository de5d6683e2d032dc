// A home that survives damage. The catalog is what holds a user's tags and decisions, so Loupe never silently starts
// a new, empty library over a catalog that was damaged, emptied or deleted: a marker file in the home says a catalog
// existed, PRAGMA quick_check runs at every open, and SQLite's online backup keeps the last few good copies.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { CatalogDamagedError } from './home-errors.js';
import { LibraryError } from '../errors.js';

export const CATALOG_FILE = 'catalog.sqlite';
/** Written once the home has a catalog: its absence later means damage, not a first start. */
export const MARKER_FILE = 'loupe-home.json';
export const BACKUP_DIR = 'backups';
/** Backups kept (the oldest go first). */
export const BACKUPS_KEPT = 3;
/** At most one automatic backup per this long (a watcher's many small runs do not each copy the catalog). */
export const BACKUP_INTERVAL_MS = 60 * 60 * 1000;

export interface BackupInfo {
  file: string;
  /** ISO 8601, from the file's name */
  takenAt: string;
  bytes: number;
}

import type { CatalogProblem } from '../../../shared/home-types.js';

export type { CatalogProblem };

export function catalogPath(home: string): string {
  return path.join(home, CATALOG_FILE);
}

/** The backups of a home, newest first. */
export function listBackups(home: string): BackupInfo[] {
  const dir = path.join(home, BACKUP_DIR);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => /^catalog-\d{8}T\d{6}Z\.sqlite$/.test(n))
    .sort()
    .reverse()
    .map((n) => {
      const s = n.slice('catalog-'.length, -'.sqlite'.length);
      const takenAt = `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}Z`;
      const file = path.join(dir, n);
      return { file, takenAt, bytes: fs.statSync(file).size };
    });
}

function backupHint(home: string): { hint: string; backup: string | null } {
  const newest = listBackups(home)[0];
  if (!newest) return { hint: 'No backup exists yet. Run `loupe doctor` to see what can be done.', backup: null };
  return {
    hint: `A backup from ${new Date(newest.takenAt).toLocaleString()} is available: run \`loupe doctor --restore-backup\` to put it back (the damaged file is kept aside; photos changed since are indexed again).`,
    backup: newest.file,
  };
}

/** The damage error for a home, with the way out. */
export function damaged(home: string, problem: CatalogProblem, detail: string): CatalogDamagedError {
  const file = catalogPath(home);
  const what =
    problem === 'missing'
      ? `The catalog ${file} is missing, although this library home had one`
      : problem === 'empty'
        ? `The catalog ${file} is empty (0 bytes), although this library home had one`
        : `The catalog ${file} is damaged (${detail})`;
  const { hint, backup } = backupHint(home);
  return new CatalogDamagedError(`${what}. Your photos are untouched; Loupe did not start a new library over it. ${hint}`, file, backup, problem, problem === 'damaged' ? detail : '');
}

/** Before opening: a catalog that the marker says existed must still be there, and not empty. */
export function checkCatalogPresent(home: string): void {
  // Homes made before the marker existed: thumbnails without a catalog also mean one was there.
  const hadOne = fs.existsSync(path.join(home, MARKER_FILE)) || (!fs.existsSync(catalogPath(home)) && nonEmptyDir(path.join(home, 'thumbnails')));
  if (!hadOne) return;
  let size: number;
  try {
    size = fs.statSync(catalogPath(home)).size;
  } catch {
    throw damaged(home, 'missing', 'no file');
  }
  if (size === 0) throw damaged(home, 'empty', '0 bytes');
}

function nonEmptyDir(dir: string): boolean {
  try {
    return fs.readdirSync(dir).length > 0;
  } catch {
    return false;
  }
}

/** PRAGMA quick_check: null when the catalog is sound, else SQLite's first complaint. */
export function quickCheck(db: Database.Database): string | null {
  const rows = db.pragma('quick_check(3)') as { quick_check: string }[];
  const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
  // SQLite's report spans lines ("*** in database main ***\nTree 6 page 6: ..."): one line for the user.
  return problems.length ? problems.join('; ').replace(/\*\*\* in database main \*\*\*\s*/g, '').replace(/\s*\n\s*/g, '; ') : null;
}

/** Records that this home has a catalog (once). */
export function writeMarker(home: string): void {
  const file = path.join(home, MARKER_FILE);
  if (fs.existsSync(file)) return;
  fs.writeFileSync(file, JSON.stringify({ catalog: CATALOG_FILE, createdAt: new Date().toISOString() }, null, 2) + '\n');
}

/** Forgets that this home had a catalog: the next open starts a new, empty library (`loupe doctor --start-fresh`). */
export function removeMarker(home: string): void {
  fs.rmSync(path.join(home, MARKER_FILE), { force: true });
}

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/**
 * Copies the catalog with SQLite's online backup (consistent while others read), checks the copy, keeps the newest
 * BACKUPS_KEPT. Written under a temporary name and renamed, so a crash or a full disk never leaves a half backup.
 * Returns the backup, or null when the last one is recent enough (`force` ignores that).
 */
export async function backupCatalog(db: Database.Database, home: string, force = false, now = new Date()): Promise<BackupInfo | null> {
  const newest = listBackups(home)[0];
  if (!force && newest && now.getTime() - new Date(newest.takenAt).getTime() < BACKUP_INTERVAL_MS) return null;
  const dir = path.join(home, BACKUP_DIR);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `catalog-${stamp(now)}.sqlite`);
  const tmp = `${file}.partial`;
  try {
    await db.backup(tmp);
    const copy = new Database(tmp, { fileMustExist: true });
    try {
      copy.pragma('journal_mode = DELETE'); // one self-contained file, no -wal/-shm beside it
      const problem = quickCheck(copy);
      if (problem) throw new Error(`the backup copy did not pass its check: ${problem}`);
    } finally {
      copy.close();
    }
    fs.renameSync(tmp, file);
  } finally {
    for (const s of ['', '-wal', '-shm', '-journal']) fs.rmSync(tmp + s, { force: true });
  }
  for (const old of listBackups(home).slice(BACKUPS_KEPT)) fs.rmSync(old.file, { force: true });
  return listBackups(home).find((b) => b.file === file) ?? null;
}

/**
 * Puts a backup in place of the catalog. The current catalog (and its -wal/-shm) is moved aside, never deleted, and
 * the backup is checked before it is used. Returns where the old catalog went (null when there was none).
 */
export function restoreBackup(home: string, backupFile: string): { keptAside: string | null } {
  let problem: string | null;
  try {
    const check = new Database(backupFile, { readonly: true, fileMustExist: true });
    try {
      problem = quickCheck(check);
    } finally {
      check.close();
    }
  } catch (err) {
    problem = (err as Error).message;
  }
  if (problem) throw new LibraryError('invalid', `The backup ${backupFile} cannot be used: ${problem}. Nothing was changed.`);
  const file = catalogPath(home);
  const aside = `${file}.damaged-${stamp(new Date())}`;
  let keptAside: string | null = null;
  for (const suffix of ['', '-wal', '-shm']) {
    if (!fs.existsSync(file + suffix)) continue;
    fs.renameSync(file + suffix, aside + suffix);
    if (suffix === '') keptAside = aside;
  }
  const tmp = `${file}.restoring`;
  fs.copyFileSync(backupFile, tmp);
  fs.renameSync(tmp, file);
  writeMarker(home);
  return { keptAside };
}
