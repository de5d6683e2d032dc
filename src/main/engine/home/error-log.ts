// No stack trace ever reaches a user: an unexpected error is written, with its stack, to a log file in the library
// home (or the system temp folder when the home cannot be written), and the user is shown one line naming it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CatalogDamagedError, DiskFullError, HomeReadOnlyError, isCorrupt, isDiskFull, isReadOnly } from './home-errors.js';
import { LibraryError } from '../errors.js';

export const ERROR_LOG = path.join('logs', 'loupe-errors.log');

/** Appends the error with its stack to the home's error log; returns the log's path (null if nowhere could be written). */
export function logError(home: string, context: string, err: unknown): string | null {
  const entry = `[${new Date().toISOString()}] pid ${process.pid} ${context}\n${(err as Error)?.stack ?? String(err)}\n\n`;
  for (const file of [path.join(home, ERROR_LOG), path.join(os.tmpdir(), 'loupe-errors.log')]) {
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.appendFileSync(file, entry);
      return file;
    } catch {
      /* try the next place */
    }
  }
  return null;
}

/**
 * The one line a user sees for any failure. A LibraryError says it all; a full disk, a read-only home and a damaged
 * catalog are named as such; anything else is logged with its stack and the line names the log.
 */
export function userMessage(home: string, context: string, err: unknown): string {
  if (err instanceof LibraryError) return err.message;
  if (isDiskFull(err)) return new DiskFullError(home).message;
  if (isCorrupt(err)) {
    return new CatalogDamagedError(`The catalog in ${home} is damaged (${(err as Error).message}). Run \`loupe doctor\` to check it and restore a backup.`, home, null).message;
  }
  if (isReadOnly(err)) return new HomeReadOnlyError(home).message;
  const log = logError(home, context, err);
  const what = (err as Error)?.message ?? String(err);
  return `unexpected error: ${what.split('\n')[0]}${log ? ` (details in ${log})` : ''}`;
}
