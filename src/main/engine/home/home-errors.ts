// What can go wrong with the library home itself (not with one photo): each is a LibraryError, so every boundary
// (the CLI, the API backend) shows its message alone, never a stack trace.
import { LibraryError } from '../errors.js';
import type { CatalogProblem } from '../../../shared/home-types.js';

/** Another process is writing to this library and the caller would not wait. */
export class HomeLockedError extends LibraryError {
  constructor(message: string) {
    super('busy', message);
    this.name = 'HomeLockedError';
  }
}

/** The catalog is damaged, empty or missing although one existed; `backup` is the newest backup, if any. */
export class CatalogDamagedError extends LibraryError {
  constructor(
    message: string,
    readonly catalogPath: string,
    readonly backup: string | null,
    readonly problem: CatalogProblem = 'damaged',
    /** SQLite's complaint (for 'damaged') */
    readonly detail = '',
  ) {
    super('invalid', message);
    this.name = 'CatalogDamagedError';
  }
}

/** The disk holding the library home is full. */
export class DiskFullError extends LibraryError {
  constructor(readonly folder: string) {
    super('invalid', `The disk holding ${folder} is full: nothing was half-written; free some space and run the command again.`);
    this.name = 'DiskFullError';
  }
}

/** The library home cannot be written (a read-only disk or folder) and the command needs to write. */
export class HomeReadOnlyError extends LibraryError {
  constructor(readonly folder: string) {
    super('invalid', `The library home ${folder} is read-only: reading commands (status, info, search, similar, tags, duplicates, places, people, text) work, changing the library does not.`);
    this.name = 'HomeReadOnlyError';
  }
}

/** True for a "disk full" failure from the file system or SQLite. */
export function isDiskFull(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null;
  return e?.code === 'ENOSPC' || e?.code === 'SQLITE_FULL' || e?.code === 'EDQUOT' || /database or disk is full/.test(e?.message ?? '');
}

/** True for a read-only failure from the file system or SQLite. */
export function isReadOnly(err: unknown): boolean {
  const e = err as { code?: string } | null;
  return e?.code === 'EROFS' || e?.code === 'EACCES' || e?.code === 'EPERM' || (e?.code ?? '').startsWith('SQLITE_READONLY');
}

/** True for a lock conflict between SQLite connections: transient, never a photo's fault. */
export function isBusy(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code ?? '';
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');
}

/** True when SQLite says the database file is not a usable database. */
export function isCorrupt(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code ?? '';
  return code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB';
}
